"""Small helpers every app may use: no models, no knowledge of any app (the bottom layer)."""
