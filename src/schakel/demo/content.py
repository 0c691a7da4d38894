"""The invented world of the demo: the city of Lindewaard, its partners, streets and case texts.

Everything here is fictional. Lindewaard does not exist; its districts, streets, organisations
and businesses are made up, and the texts describe typical situations without naming anyone.
"""

from dataclasses import dataclass

from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role as R

CITY = "Lindewaard"
SAFETY_HOUSE_NAME = "Zorg- en Veiligheidshuis Lindewaard"
FICTION_NOTICE = (
    "Fictieve demodata. De stad Lindewaard, het Zorg- en Veiligheidshuis Lindewaard, de partners, "
    "gebruikers, personen, adressen, bedrijven, signalen en casussen zijn verzonnen. BSN's zijn "
    "willekeurige getallen die alleen de elfproef doorstaan; postcodes liggen in de reeks "
    "9990-9999 aan verzonnen straten. Gegenereerd met `manage.py load_demo`."
)
CONFERENCE_LOCATION = "Zorg- en Veiligheidshuis Lindewaard, Stationsweg 12, Lindewaard"

# kind, name — one organisation of each kind.
ORGANISATIONS = [
    (K.SAFETY_HOUSE, SAFETY_HOUSE_NAME),
    (K.POLICE, "Politie eenheid Lindewaard"),
    (K.OM, "Openbaar Ministerie arrondissement Lindewaard"),
    (K.MUNICIPALITY, "Gemeente Lindewaard"),
    (K.TAX, "Belastingdienst regio Lindewaard"),
    (K.PROBATION, "Reclassering Nederland regio Lindewaard"),
    (K.DISTRICT_TEAM, "Sociaal Wijkteam Lindewaard-Zuid"),
    (K.HOUSING, "Woningcorporatie Lindewaard Wonen"),
    (K.ENVIRONMENT, "Omgevingsdienst Lindewaard"),
    (K.GRID, "Netbeheerder Lindenet"),
    (K.CARE, "GGZ Lindewaard"),
    (K.RIEC, "RIEC Lindewaard"),
]

# The demo log-ins of the README (constants.DEMO_USERNAMES), in that order.
# username, first name, last name, role, organisation kind, job title
DEMO_USERS = [
    ("regisseur", "Marieke", "Brouwer", R.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "Procesregisseur"),
    ("coordinator", "Youssef", "El Amrani", R.COORDINATOR, K.MUNICIPALITY, "HIT-coördinator"),
    ("politie", "Dennis", "Kramer", R.PROFESSIONAL, K.POLICE, "Wijkagent"),
    ("reclassering", "Ingrid", "Hoekstra", R.PROFESSIONAL, K.PROBATION, "Reclasseringswerker"),
    ("wijkteam", "Lotte", "van Dijk", R.PROFESSIONAL, K.DISTRICT_TEAM, "Wijkteammedewerker"),
    ("corporatie", "Bas", "Mulder", R.PROFESSIONAL, K.HOUSING, "Woonconsulent"),
    ("analist", "Priya", "Ramdin", R.ANALYST, K.MUNICIPALITY, "Informatieanalist OOV"),
    ("beheerder", "Ruud", "Peters", R.ADMINISTRATOR, K.MUNICIPALITY, "Functioneel beheerder"),
    ("auditor", "Annelies", "Smit", R.AUDITOR, K.SAFETY_HOUSE, "Privacy officer"),
]

# More colleagues, with Faker names: role, organisation kind, job title.
MORE_STAFF = [
    (R.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "Procesregisseur"),
    (R.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "Procesregisseur"),
    (R.PROFESSIONAL, K.POLICE, "Wijkagent"),
    (R.PROFESSIONAL, K.POLICE, "Rechercheur"),
    (R.PROFESSIONAL, K.POLICE, "Operationeel expert jeugd"),
    (R.PROFESSIONAL, K.OM, "Officier van justitie"),
    (R.PROFESSIONAL, K.OM, "Parketsecretaris"),
    (R.PROFESSIONAL, K.MUNICIPALITY, "Handhaver"),
    (R.PROFESSIONAL, K.MUNICIPALITY, "Adviseur openbare orde en veiligheid"),
    (R.PROFESSIONAL, K.TAX, "Fiscaal specialist"),
    (R.PROFESSIONAL, K.PROBATION, "Reclasseringswerker"),
    (R.PROFESSIONAL, K.DISTRICT_TEAM, "Maatschappelijk werker"),
    (R.PROFESSIONAL, K.DISTRICT_TEAM, "Jeugdconsulent"),
    (R.PROFESSIONAL, K.HOUSING, "Huurconsulent"),
    (R.PROFESSIONAL, K.ENVIRONMENT, "Toezichthouder"),
    (R.PROFESSIONAL, K.GRID, "Fraude-inspecteur"),
    (R.PROFESSIONAL, K.CARE, "Sociaal psychiatrisch verpleegkundige"),
    (R.PROFESSIONAL, K.RIEC, "Projectleider ondermijning"),
]

# The functioneel beheerder maintains partners, users and the configuration tables.
ADMIN_GROUP = "Functioneel beheer"
ADMIN_GROUP_MODELS = [
    ("organisations", "organisation"),
    ("organisations", "user"),
    ("organisations", "categorygrant"),
    ("organisations", "categorygrantrequest"),
    ("triage", "escalationlevel"),
    ("triage", "intakecriterion"),
    ("intake", "signalcategory"),
    ("plans", "interventiontype"),
    ("areas", "findingtype"),
    ("areas", "surveyquestion"),
    ("documents", "lettertemplate"),
    ("federation", "peer"),
]

# The privacy officer decides on grant change requests (the second pair of eyes) in the admin.
PRIVACY_GROUP = "Privacytoezicht"
PRIVACY_GROUP_PERMISSIONS = [
    ("organisations", "view_categorygrant"),
    ("organisations", "view_categorygrantrequest"),
]

# CBS-like codes for the made-up municipality 0999: wijk WK0999dd, buurt BU0999ddbb.
MUNICIPALITY_CODE = "GM0999"
# district, [(neighbourhood, postcode digits, streets)]
DISTRICTS = [
    (
        "Binnenstad",
        [
            ("Oude Markt", "9990", ["Marktplein", "Kerkstraat", "Brugstraat", "Oude Vest"]),
            ("Stationskwartier", "9991", ["Stationsweg", "Spoorlaan", "Nieuwe Gracht"]),
        ],
    ),
    (
        "Lindewaard-Zuid",
        [
            ("Molenbuurt", "9992", ["Molenweg", "Smidsstraat", "Bakkerstraat", "Zuiderdiep"]),
            ("Kastanjehof", "9993", ["Kastanjelaan", "Beukenlaan", "Esdoornstraat"]),
            ("Zuiderpark", "9994", ["Populierenweg", "Wilgenhof", "Elzenstraat", "Berkenplein"]),
        ],
    ),
    (
        "Havenkwartier",
        [
            ("Havenkade", "9995", ["Havenkade", "Noorderhaven", "Loswal"]),
            ("Scheepsbouwersbuurt", "9996", ["Werfstraat", "Zeilmakerspad", "Touwslagerij"]),
        ],
    ),
    (
        "Linderveld",
        [
            ("Linderveld-Noord", "9997", ["Merelstraat", "Leeuweriklaan", "Zwaluwstraat"]),
            ("Linderveld-Oost", "9998", ["Tulpstraat", "Narcissenstraat", "Irisplantsoen"]),
            ("De Spaak", "9999", ["Industrieweg", "Ambachtsweg", "Handelskade"]),
        ],
    ),
]
# Letter pairs not in use in Dutch postcodes.
UNUSED_POSTCODE_LETTERS = {"SA", "SD", "SS"}

# Businesses: a name, with {surname} filled in by Faker.
BUSINESSES = [
    "Shishalounge Oase",
    "Autobedrijf {surname}",
    "Nagelstudio Glamour",
    "Belwinkel Centrum",
    "Minimarkt Zuid",
    "Kapsalon Fresh Fade",
    "Bouwbedrijf {surname} B.V.",
    "Snackbar De Molen",
    "Wasstraat Lindewaard",
    "Koffiehuis De Linde",
    "Schoonmaakbedrijf {surname}",
    "Transportbedrijf {surname}",
    "Massagesalon Lotus",
    "Broodjeszaak Het Hoekje",
    "Telefoonreparatie Lindewaard",
    "Bandenservice {surname}",
    "Groothandel Havenkwartier",
    "Vastgoed {surname} B.V.",
    "Fietsenmaker De Spaak",
    "Café De Zwaan",
]

SURNAME_PREFIXES = (
    "van der",
    "van den",
    "van de",
    "van 't",
    "in 't",
    "van",
    "den",
    "der",
    "de",
    "ter",
    "ten",
    "te",
    "'t",
)

# Dutch status labels, as the case history reads in the Dutch UI.
STATUS_LABELS = {
    "aangemeld": "Aangemeld",
    "triage": "Triage",
    "casusoverleg": "Casusoverleg",
    "plan_vastgesteld": "Plan vastgesteld",
    "uitvoering": "Uitvoering",
    "nazorg": "Nazorg",
    "afgesloten": "Afgesloten",
    "afgewezen": "Afgewezen",
    "doorverwezen": "Doorverwezen",
}

# Each reason with the data category its author gives it (`Case.closing_reason_category`).
CLOSING_REASONS = {
    "afgesloten": [
        ("Doelen van het plan van aanpak bereikt; nazorg afgerond.", "general"),
        ("Geen nieuwe incidenten in de nazorgperiode; casus afgesloten.", "general"),
        ("Betrokkene opgenomen in een GGZ-kliniek; de behandelaar houdt de regie.", "care"),
        ("Betrokkene gedetineerd; de reclassering volgt de nazorg na detentie.", "justice"),
    ],
    "afgewezen": [
        (
            "Geen problemen op meerdere leefgebieden; regulier op te pakken door de melder.",
            "general",
        ),
        ("Voldoet niet aan de intakecriteria van het Zorg- en Veiligheidshuis.", "general"),
        ("Signaal betreft een eenmalig incident; geen ketenaanpak nodig.", "general"),
    ],
    "doorverwezen": [
        (
            "Doorverwezen naar het lokale team; één plan onder regie van het wijkteam volstaat.",
            "care",
        ),
        ("Past beter in de reguliere aanpak van de gemeente.", "general"),
        ("Doorverwezen naar de verslavingszorg; geen veiligheidsvraagstuk meer.", "care"),
    ],
}


@dataclass(frozen=True)
class Theme:
    """What a kind of case is about: subjects, partners, reporters, titles and texts."""

    key: str
    weight: int
    category: str  # the intake.SignalCategory name
    subject: str  # person, household, address, business or area
    partners: list  # organisation kinds, most involved first
    reporters: list
    titles: list
    signal_texts: list
    goals: list
    data_category: str = "general"
    ages: tuple = (18, 70)


THEMES = [
    Theme(
        "hit",
        14,
        "High Impact Crime",
        "person",
        [K.POLICE, K.PROBATION, K.OM, K.MUNICIPALITY, K.DISTRICT_TEAM, K.HOUSING],
        [K.POLICE, K.OM, K.PROBATION],
        ["HIT-aanpak {district}", "Inbraakreeks {neighbourhood}", "Straatroof rond {street}"],
        [
            "Opnieuw aangehouden voor woninginbraak; in de afgelopen drie jaar eerder veroordeeld "
            "voor straatroof. Verzoek om een persoonsgerichte HIT-aanpak.",
            "Verdachte van een overval op een winkel; eerdere veroordeling voor inbraak. Geen "
            "dagbesteding en geen vaste woonplek.",
        ],
        [
            "Geen nieuwe strafbare feiten",
            "Vaste dagbesteding of werk",
            "Stabiele huisvesting",
            "Schulden in beeld en onder controle",
        ],
        data_category="justice",
        ages=(17, 35),
    ),
    Theme(
        "woonoverlast",
        14,
        "Woonoverlast",
        "address",
        [K.HOUSING, K.MUNICIPALITY, K.POLICE, K.DISTRICT_TEAM, K.CARE],
        [K.HOUSING, K.POLICE, K.MUNICIPALITY],
        ["Woonoverlast {street}", "Burenoverlast {street}", "Vervuilde woning {street}"],
        [
            "Meerdere buurtbewoners melden structurele geluidsoverlast en vervuiling rond de woning.",
            "Aanhoudende burenruzie met bedreigingen; bewoners durven de straat niet meer op.",
        ],
        [
            "Overlast in de straat stopt",
            "Huurder houdt zich aan de afspraken",
            "Woning schoon en veilig",
        ],
    ),
    Theme(
        "ondermijning",
        10,
        "Ondermijning",
        "business",
        [K.POLICE, K.MUNICIPALITY, K.TAX, K.RIEC, K.ENVIRONMENT, K.GRID],
        [K.RIEC, K.POLICE, K.MUNICIPALITY, K.TAX],
        [
            "Ondermijning bedrijfspand {district}",
            "Signalen witwassen {street}",
            "Integrale controle {street}",
        ],
        [
            "Bedrijf met veel contante omzet en weinig klanten; vermoeden van witwassen.",
            "Wisselende huurders van een bedrijfspand, opvallend stroomverbruik en nachtelijk "
            "verkeer.",
        ],
        [
            "Pand vrij van criminele activiteiten",
            "Onrechtmatig verkregen vermogen afgepakt",
            "Vergunningen op orde of ingetrokken",
        ],
    ),
    Theme(
        "drugs",
        10,
        "Drugsproblematiek",
        "address",
        [K.POLICE, K.GRID, K.HOUSING, K.MUNICIPALITY, K.CARE],
        [K.POLICE, K.GRID, K.HOUSING],
        ["Hennepkwekerij {street}", "Drugsoverlast {street}", "Drugshandel rond {street}"],
        [
            "Sterke hennepgeur en afwijkend stroomverbruik in een huurwoning.",
            "Buurtbewoners melden aanloop van drugsklanten aan de deur, ook 's nachts.",
        ],
        [
            "Handel en teelt vanuit de woning gestopt",
            "Huurder behoudt woning onder voorwaarden",
            "Verslavingszorg gestart",
        ],
    ),
    Theme(
        "huiselijk",
        12,
        "Huiselijk geweld",
        "household",
        [K.DISTRICT_TEAM, K.POLICE, K.CARE, K.PROBATION, K.OM],
        [K.POLICE, K.DISTRICT_TEAM],
        ["Huiselijk geweld, gezin {district}", "Multiprobleemgezin {neighbourhood}"],
        [
            "Herhaalde meldingen van huiselijk geweld op hetzelfde adres; kinderen in het gezin.",
            "Tijdelijk huisverbod opgelegd; zorgen over de veiligheid na afloop.",
        ],
        [
            "Veiligheid van alle gezinsleden geborgd",
            "Hulpverlening voor pleger en slachtoffer gestart",
            "Kinderen volgen weer onderwijs",
        ],
        data_category="care",
        ages=(12, 60),
    ),
    Theme(
        "verward",
        10,
        "Zorgmijding / verward gedrag",
        "person",
        [K.CARE, K.DISTRICT_TEAM, K.POLICE, K.HOUSING, K.MUNICIPALITY],
        [K.POLICE, K.HOUSING, K.DISTRICT_TEAM, K.CARE],
        ["Verward gedrag {street}", "Zorgmijding {neighbourhood}"],
        [
            "Herhaalde meldingen van verward gedrag op straat; betrokkene mijdt zorg.",
            "Dreigende huisuitzetting door huurachterstand; geen contact met hulpverlening.",
        ],
        [
            "Passende zorg geaccepteerd",
            "Huisuitzetting voorkomen",
            "Minder meldingen van verward gedrag",
        ],
        data_category="care",
        ages=(22, 75),
    ),
    Theme(
        "jeugd",
        10,
        "Jeugdcriminaliteit",
        "person",
        [K.POLICE, K.OM, K.DISTRICT_TEAM, K.MUNICIPALITY, K.PROBATION],
        [K.POLICE, K.DISTRICT_TEAM, K.MUNICIPALITY],
        ["Jeugdgroep {neighbourhood}", "Jeugdcriminaliteit {district}"],
        [
            "Jongere in beeld bij drugsrunnen; verzuimt school en wordt gezien bij een jeugdgroep.",
            "Groep jongeren betrokken bij vernielingen en intimidatie rond het winkelcentrum.",
        ],
        [
            "Terug naar school of werk",
            "Afstand tot de jeugdgroep",
            "Geen nieuwe politiecontacten",
        ],
        data_category="justice",
        ages=(14, 23),
    ),
    Theme(
        "nazorg",
        10,
        "Nazorg ex-gedetineerde",
        "person",
        [K.PROBATION, K.MUNICIPALITY, K.DISTRICT_TEAM, K.HOUSING, K.CARE],
        [K.PROBATION, K.MUNICIPALITY],
        ["Nazorg ex-gedetineerde {district}", "Terugkeer na detentie {district}"],
        [
            "Komt over zes weken vrij na detentie; geen woning, geen inkomen en schulden.",
            "Terugkeer na detentie; zorgen over terugval in het oude netwerk.",
        ],
        [
            "Identiteitsbewijs, inkomen en zorgverzekering geregeld",
            "Woonplek na detentie",
            "Dagbesteding of werk",
        ],
        data_category="justice",
        ages=(20, 60),
    ),
    Theme(
        "overlast",
        8,
        "Overlast",
        "area",
        [K.POLICE, K.MUNICIPALITY, K.HOUSING, K.DISTRICT_TEAM],
        [K.MUNICIPALITY, K.POLICE, K.HOUSING],
        ["Hotspot overlast {neighbourhood}", "Overlast hangjongeren {street}"],
        [
            "Aanhoudende overlast van hangjongeren bij het winkelcentrum; bewoners voelen zich "
            "onveilig.",
            "Concentratie van meldingen van vernielingen en drugsafval rond het plantsoen.",
        ],
        [
            "Aantal overlastmeldingen gehalveerd",
            "Bewoners voelen zich veiliger",
            "Plein heringericht en verlicht",
        ],
    ),
    Theme(
        "radicalisering",
        2,
        "Radicalisering",
        "person",
        [K.POLICE, K.MUNICIPALITY, K.DISTRICT_TEAM, K.CARE],
        [K.MUNICIPALITY, K.POLICE],
        ["Zorgen over radicalisering {district}"],
        ["Zorgen van school en omgeving over radicaliserende uitingen online."],
        ["Betrokkene in contact met vertrouwde hulpverlener", "Netwerk en dagbesteding versterkt"],
        data_category="justice",
        ages=(16, 40),
    ),
]

NOTE_TEXTS = {
    "general": [
        "Buurtbewoners melden minder overlast sinds de laatste interventie.",
        "Afspraak gemaakt voor een gezamenlijk huisbezoek door wijkagent en wijkteam.",
        "Casus besproken in het wijkoverleg; partners zijn op de hoogte van het plan.",
        "Contact met betrokkene gelukt; bereid om mee te werken aan het plan.",
        "Huurder is aangesproken op de afspraken uit het laatste-kanscontract.",
        "Integrale controle uitgevoerd; bevindingen verwerkt in het plan van aanpak.",
        "Nieuwe melding van overlast ontvangen; wordt meegenomen in het volgende overleg.",
        "Gemeente heeft een vooraankondiging van een bestuurlijke maatregel verstuurd.",
        "Betrokkene niet thuis aangetroffen; nieuwe poging volgende week.",
    ],
    "justice": [
        "In de afgelopen drie jaar veroordeeld voor woninginbraak; nieuwe aangifte in behandeling "
        "bij ZSM.",
        "Bijzondere voorwaarden opgelegd: meldplicht en contactverbod. Naleving tot nu toe goed.",
        "Meldplicht twee keer gemist; reclassering heeft een waarschuwing gegeven.",
        "Zaak ligt bij de officier van justitie; beslissing over vervolging volgt binnen vier weken.",
        "Aangehouden op verdenking van heling; heengezonden in afwachting van verder onderzoek.",
        "Gedragsaanwijzing van de officier van justitie: gebiedsverbod voor het winkelcentrum.",
        "Politie heeft persoonsgerichte aandacht ingezet; wekelijks contact door de wijkagent.",
        "Strafzaak afgerond met een voorwaardelijke straf en reclasseringstoezicht.",
    ],
    "care": [
        "Betrokkene staat open voor begeleiding door het wijkteam; intake GGZ is gepland.",
        "Schulden geïnventariseerd; aanmelding bij schuldhulpverlening loopt.",
        "Ambulante verslavingszorg gestart; eerste afspraken nagekomen.",
        "Zorgen over de thuissituatie van de kinderen; overleg met Veilig Thuis gevoerd.",
        "Zorgmijdend; huisarts en GGZ stemmen af over een bemoeizorgtraject.",
        "Dagbesteding gevonden bij een leerwerkbedrijf; eerste weken goed verlopen.",
        "Gezinscoach betrokken; ouders werken mee aan het veiligheidsplan.",
        "Terugval in middelengebruik gemeld; behandelaar past het plan aan.",
    ],
    "tax": [
        "Inkomsten uit de onderneming sluiten niet aan bij het bestedingspatroon; boekenonderzoek "
        "overwogen.",
        "Aangiften omzetbelasting over twee jaar ontbreken; navordering in voorbereiding.",
        "Contante aankopen van voertuigen en vastgoed zonder aangegeven inkomen.",
        "Boekenonderzoek afgerond; aanslag en boete opgelegd.",
        "Gegevens gedeeld op grond van het RIEC-convenant; fiscale analyse loopt.",
    ],
}

INTERVENTION_RESULTS = {
    "carrot": [
        "Traject gestart en afgerond; betrokkene heeft de afspraken nagekomen.",
        "Doel gehaald; vervolg in het reguliere werk van de partner.",
        "Gedeeltelijk gelukt; aandachtspunten overgedragen aan het wijkteam.",
    ],
    "stick": [
        "Uitgevoerd; sindsdien geen nieuwe meldingen.",
        "Maatregel opgelegd en bekendgemaakt; naleving wordt gecontroleerd.",
        "Uitgevoerd; bevindingen gedeeld in het casusoverleg.",
    ],
}
CANCELLED_RESULTS = [
    "Vervallen: de omstandigheden zijn veranderd.",
    "Vervallen: een andere interventie bleek passender.",
]
REVIEW_EXPLANATIONS = {
    "circumstances": "Betrokkene is tijdelijk opgenomen; uitvoering uitgesteld.",
    "partner": "Capaciteitsgebrek bij de partner; nieuwe datum afgesproken.",
    "other": "Wachten op een beslissing van de rechter.",
}

# Catalogue entries (by name) that suit each theme; others are used only when none of these
# is owned by an organisation taking part.
THEME_INTERVENTIONS = {
    "hit": [
        "Persoonsgerichte politieaandacht",
        "Reclasseringstoezicht met bijzondere voorwaarden",
        "Gedragsaanwijzing officier van justitie",
        "ZSM-afdoening",
        "Toeleiding naar dagbesteding of werk",
        "Schuldhulpverlening",
        "Begeleid wonen",
    ],
    "woonoverlast": [
        "Buurtbemiddeling",
        "Laatste-kanscontract huurder",
        "Ontbinding huurovereenkomst",
        "Last onder dwangsom",
        "Ambulante verslavingszorg",
        "Schuldhulpverlening",
    ],
    "ondermijning": [
        "Bibob-onderzoek",
        "Sluiting pand (art. 13b Opiumwet)",
        "Boekenonderzoek",
        "Belastingaanslag / navordering",
        "Aangifte energiediefstal",
        "Last onder dwangsom",
    ],
    "drugs": [
        "Sluiting pand (art. 13b Opiumwet)",
        "Aangifte energiediefstal",
        "Laatste-kanscontract huurder",
        "Ontbinding huurovereenkomst",
        "Ambulante verslavingszorg",
        "Persoonsgerichte politieaandacht",
    ],
    "huiselijk": [
        "Gezinscoaching",
        "Ambulante verslavingszorg",
        "Reclasseringstoezicht met bijzondere voorwaarden",
        "Gedragsaanwijzing officier van justitie",
        "Schuldhulpverlening",
    ],
    "verward": [
        "Ambulante verslavingszorg",
        "Begeleid wonen",
        "Schuldhulpverlening",
        "Laatste-kanscontract huurder",
        "Toeleiding naar dagbesteding of werk",
    ],
    "jeugd": [
        "Gezinscoaching",
        "Toeleiding naar dagbesteding of werk",
        "Gebiedsverbod",
        "Persoonsgerichte politieaandacht",
        "ZSM-afdoening",
        "Gedragsaanwijzing officier van justitie",
    ],
    "nazorg": [
        "Schuldhulpverlening",
        "Toeleiding naar dagbesteding of werk",
        "Begeleid wonen",
        "Reclasseringstoezicht met bijzondere voorwaarden",
        "Ambulante verslavingszorg",
    ],
    "overlast": [
        "Gebiedsverbod",
        "Buurtbemiddeling",
        "Persoonsgerichte politieaandacht",
        "Last onder dwangsom",
        "Toeleiding naar dagbesteding of werk",
    ],
    "radicalisering": [
        "Gezinscoaching",
        "Toeleiding naar dagbesteding of werk",
        "Persoonsgerichte politieaandacht",
    ],
}
