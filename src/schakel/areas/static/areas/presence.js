/* The presence form on a phone: "Add my current location" fills the hidden latitude and
   longitude from the device (the browser asks permission). Without JavaScript or permission
   the form works without a location. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("presence-locate");
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    var status = document.getElementById("presence-locate-status");
    if (!button || !lat || !lon || !navigator.geolocation) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lon.value = position.coords.longitude.toFixed(6);
        status.textContent = button.dataset.located;
      }, function () {
        status.textContent = button.dataset.failed;
      }, { enableHighAccuracy: true, timeout: 10000 });
    });
  });
})();
