"""Demo workspace "Gemeente Voorbeeld 2027": fictional partners, results, activities and members.

Pure data, used to load a demonstration workspace. The offer is deliberately uneven, so that the analysis
has something true to show (NJi: the selective offer is the thinnest):

- most activities are universeel or zorggericht; selectief is thin;
- white spots: "van dip tot depressie" x selectief, "van druk kind tot ADHD" x universeel and
  "van ongezond gewicht tot overgewicht" x geïndiceerd are empty, and the theme
  "van experimenteren tot middelenmisbruik" is absent altogether; "18-23 jaar" and "online" are thin;
- near-duplicates across partners: a09/a14 (opvoedcursus), a15/a28 (opvoedspreekuur), a31/a44 (pesten),
  a19/a45 (weerbaarheid), a33/a43 (naschools bewegen);
- outcome o5 (alcohol en roken) has no activity linked; five activities link to no outcome.

Labels are copied exactly from ``server.domain.axes``; no personal data of children or families.
"""

from __future__ import annotations

from typing import Any

WORKSPACE: dict[str, str] = {
    "slug": "demo",
    "name": "Gemeente Voorbeeld 2027",
}


PARTNERS: list[dict[str, Any]] = [
    {
        "slug": "gemeente",
        "name": "Gemeente Voorbeeld",
        "type": "gemeente",
        "color": "#b71c1c",
        "description": (
            "Regie op het jeugdbeleid; opdrachtgever voor inkoop en subsidies, verantwoordelijk voor "
            "leerplicht en de lokale preventieagenda."
        ),
    },
    {
        "slug": "wijkteam",
        "name": "Wijkteam Voorbeeld (jeugd- en gezinsteam)",
        "type": "wijkteam",
        "color": "#1b7a3a",
        "description": (
            "Generalistisch team in vijf wijken: lichte ondersteuning, toegang tot jeugdhulp en gezinsregie."
        ),
    },
    {
        "slug": "cjg",
        "name": "Centrum voor Jeugd en Gezin Voorbeeld",
        "type": "cjg",
        "color": "#c2185b",
        "description": "Informatie, advies en opvoedondersteuning voor ouders, met pedagogen en cursussen.",
    },
    {
        "slug": "jgz",
        "name": "GGD Regio Voorbeeld, Jeugdgezondheidszorg",
        "type": "jgz",
        "color": "#00838f",
        "description": (
            "Consultatiebureaus en JGZ op school voor kinderen van -9 maanden tot 18 jaar, en gezondheidsbevordering."
        ),
    },
    {
        "slug": "spoor",
        "name": "Stichting Spoor, primair onderwijs",
        "type": "school",
        "color": "#8e24aa",
        "description": "Schoolbestuur van 14 basisscholen in Gemeente Voorbeeld.",
    },
    {
        "slug": "swv",
        "name": "Samenwerkingsverband Passend Onderwijs Voorbeeld",
        "type": "swv",
        "color": "#e65100",
        "description": (
            "Samenwerkingsverband PO en VO; partner van de gemeente in het OOGO over het ondersteuningsplan."
        ),
    },
    {
        "slug": "kinderopvang",
        "name": "Kinderopvang De Speelhoeve",
        "type": "kinderopvang",
        "color": "#795548",
        "description": ("Kinderdagverblijven, peuteropvang met VVE en buitenschoolse opvang op negen locaties."),
    },
    {
        "slug": "welzijn",
        "name": "Welzijn Voorbeeld (jongerenwerk en buurtsport)",
        "type": "jongerenwerk",
        "color": "#9e7700",
        "description": "Jongerenwerk, straathoekwerk, buurtsportcoaches en het jongerencentrum De Loods.",
    },
    {
        "slug": "huisartsen",
        "name": "Huisartsencoöperatie Voorbeeld",
        "type": "huisarts",
        "color": "#546e7a",
        "description": ("Elf huisartsenpraktijken, waarvan zes met een praktijkondersteuner jeugd (POH-jeugd)."),
    },
    {
        "slug": "politie",
        "name": "Politie basisteam Voorbeeld",
        "type": "politie",
        "color": "#0d47a1",
        "description": "Wijkagenten, jeugdagenten en zorgmeldingen; werkt samen met Halt.",
    },
    {
        "slug": "jeugdhulp",
        "name": "Jeugdhulp Rivierland",
        "type": "zorgaanbieder",
        "color": "#4527a0",
        "description": ("Regionale aanbieder van ambulante en residentiële jeugdhulp, pleegzorg en jeugdbescherming."),
    },
    {
        "slug": "ggz",
        "name": "Lindeboom Jeugd-ggz",
        "type": "zorgaanbieder",
        "color": "#212121",
        "description": "Specialistische jeugd-ggz: diagnostiek en behandeling, ook online.",
    },
    {
        "slug": "homestart",
        "name": "Humanitas Home-Start Voorbeeld",
        "type": "vrijwilligers",
        "color": "#6b8e23",
        "description": "Vrijwilligersorganisatie voor gezinsondersteuning en een buddyproject voor jongeren.",
    },
]


OUTCOMES: list[dict[str, Any]] = [
    {
        "key": "o1",
        "title": "Meer kinderen en jongeren voelen zich mentaal gezond",
        "kind": "inhoudelijk",
        "description": (
            "Kinderen en jongeren zitten goed in hun vel, kunnen omgaan met tegenslag en weten waar ze "
            "terechtkunnen als het even niet gaat."
        ),
        "indicator": (
            "Percentage jongeren in klas 2 en 4 van het voortgezet onderwijs met een goede psychische "
            "gezondheid (MHI-5)."
        ),
        "baseline": "78%",
        "target": "83%",
        "target_year": 2029,
        "data_source": "GGD Gezondheidsmonitor Jeugd",
    },
    {
        "key": "o2",
        "title": "Kinderen groeien veilig op",
        "kind": "inhoudelijk",
        "description": (
            "Minder kinderen maken huiselijk geweld of kindermishandeling mee; als het toch gebeurt, stopt "
            "het snel en blijvend."
        ),
        "indicator": "Aantal adviezen en meldingen bij Veilig Thuis over kinderen, per 1.000 kinderen.",
        "baseline": "9,8 per 1.000",
        "target": "8,0 per 1.000",
        "target_year": 2030,
        "data_source": "waarstaatjegemeente.nl (Veilig Thuis)",
    },
    {
        "key": "o3",
        "title": "Ouders voelen zich zeker in de opvoeding",
        "kind": "inhoudelijk",
        "description": (
            "Ouders hebben vertrouwen in hun opvoeding en vinden makkelijk steun in hun omgeving en bij voorzieningen."
        ),
        "indicator": ("Percentage ouders van kinderen van 0 tot 12 jaar dat zich zeker voelt over de opvoeding."),
        "baseline": "68%",
        "target": "78%",
        "target_year": 2029,
        "data_source": "GGD Gezondheidsmonitor Jeugd (ouders)",
    },
    {
        "key": "o4",
        "title": "Meer kinderen hebben een gezond gewicht",
        "kind": "inhoudelijk",
        "description": (
            "Kinderen eten gezond en bewegen voldoende, ook in de wijken waar overgewicht nu het meest voorkomt."
        ),
        "indicator": "Percentage kinderen van 4 tot 12 jaar met overgewicht of obesitas.",
        "baseline": "14%",
        "target": "11%",
        "target_year": 2030,
        "data_source": "JGZ-registratie, via CBS Jeugdmonitor",
    },
    {
        "key": "o5",
        "title": "Minder jongeren drinken alcohol of roken",
        "kind": "inhoudelijk",
        "description": "Jongeren stellen het eerste gebruik van alcohol, tabak en vapes uit.",
        "indicator": ("Percentage scholieren van 12 tot 16 jaar dat de afgelopen maand alcohol heeft gedronken."),
        "baseline": "26%",
        "target": "18%",
        "target_year": 2030,
        "data_source": "GGD Gezondheidsmonitor Jeugd",
    },
    {
        "key": "o6",
        "title": "Alle kinderen gaan naar school en voelen zich daar veilig",
        "kind": "inhoudelijk",
        "description": (
            "Kinderen en jongeren volgen onderwijs dat bij hen past, worden niet gepest en halen een startkwalificatie."
        ),
        "indicator": (
            "Aantal thuiszitters langer dan vier weken; percentage leerlingen dat zich veilig voelt op school."
        ),
        "baseline": "32 thuiszitters; 86%",
        "target": "15 thuiszitters; 92%",
        "target_year": 2028,
        "data_source": "Leerplichtadministratie en Monitor Sociale Veiligheid",
    },
    {
        "key": "o7",
        "title": "Partners werken samen vanuit één gezin, één plan",
        "kind": "proces",
        "description": (
            "Gezinnen met meerdere hulpverleners hebben één gezamenlijk plan en één vast aanspreekpunt; "
            "partners weten elkaar te vinden."
        ),
        "indicator": "Percentage gezinnen met hulp van drie of meer organisaties dat één gezinsplan heeft.",
        "baseline": "40%",
        "target": "75%",
        "target_year": 2028,
        "data_source": "Registratie wijkteam",
    },
    {
        "key": "o8",
        "title": "Meer budget naar preventie en lichte hulp",
        "kind": "randvoorwaardelijk",
        "description": (
            "Het jeugdbudget verschuift van specialistische en residentiële zorg naar preventie en hulp in "
            "de wijk, zonder dat de zorg voor wie het nodig heeft tekortschiet."
        ),
        "indicator": "Aandeel van het jeugdbudget dat naar preventie en lichte hulp gaat.",
        "baseline": "18%",
        "target": "25%",
        "target_year": 2031,
        "data_source": "Gemeentebegroting en CBS Beleidsinformatie Jeugd",
    },
]


ACTIVITIES: list[dict[str, Any]] = [
    {
        "key": "a01",
        "name": "JOGG-aanpak Gezond Voorbeeld",
        "description": (
            "Een JOGG-regisseur verbindt scholen, sportverenigingen, supermarkten en zorg rond gezond eten, "
            "drinken en bewegen. De aanpak richt zich eerst op de wijken met het hoogste aandeel kinderen "
            "met overgewicht."
        ),
        "partner": "gemeente",
        "co_partners": ["welzijn", "jgz", "spoor"],
        "contribution": (
            "We doen een wijkgerichte JOGG-aanpak met water drinken op school, gezonde kantines en "
            "beweegaanbod, zodat meer kinderen een gezond gewicht houden."
        ),
        "prevention_level": "universeel",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["wijk", "vrije tijd", "kinderopvang/school"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": ["van ongezond gewicht tot overgewicht"],
        "protective_factors": ["constructieve tijdsbesteding", "prosociale normen"],
        "erkenning": "goed beschreven",
        "form": "collectief",
        "outcomes": ["o4"],
        "reach": 6500,
        "reach_unit": "kinderen",
        "budget": 145000.0,
        "financing": "eigen middelen",
        "status": "uitbreiden",
        "databank_url": "",
        "areas": ["Noord", "Oost"],
        "indicator_reach": "Actief in 2 van de 5 wijken; 9 van de 14 basisscholen doen mee.",
        "indicator_usefulness": "",
        "indicator_goals": "Overgewicht in groep 7 in Noord daalde van 19% naar 17% (JGZ-registratie).",
        "indicator_improvement": "Uitbreiden naar De Hoven en naar de kantines van de VO-scholen.",
    },
    {
        "key": "a02",
        "name": "Leerplicht en RMC-verzuimaanpak",
        "description": (
            "Leerplichtambtenaren en de RMC-consulent volgen verzuim op, voeren gesprekken met leerling, "
            "ouders en school en zoeken samen met het samenwerkingsverband naar passend onderwijs voor "
            "thuiszitters."
        ),
        "partner": "gemeente",
        "co_partners": ["swv", "spoor"],
        "contribution": (
            "We doen vroegtijdige verzuimgesprekken en een casusoverleg thuiszitters, zodat minder kinderen "
            "thuis komen te zitten en minder jongeren zonder startkwalificatie uitvallen."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["4-12 jaar", "12-18 jaar", "18-23 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van spijbelen tot voortijdig schoolverlaten"],
        "protective_factors": ["schoolmotivatie"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o6", "o7"],
        "reach": 420,
        "reach_unit": "jongeren",
        "budget": 310000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "420 verzuimmeldingen behandeld; 92% binnen vijf werkdagen opgepakt.",
        "indicator_usefulness": "",
        "indicator_goals": "31 van de 32 thuiszitters hebben een plan; 14 gaan weer naar school.",
        "indicator_improvement": "Bij licht verzuim eerder schakelen met schoolmaatschappelijk werk.",
    },
    {
        "key": "a03",
        "name": "Jongerenraad Voorbeeld",
        "description": (
            "Twaalf jongeren adviseren het college gevraagd en ongevraagd over jeugdbeleid en toetsen nieuwe "
            "plannen aan de leefwereld van jongeren."
        ),
        "partner": "gemeente",
        "co_partners": ["welzijn"],
        "contribution": (
            "We doen structurele inspraak van jongeren bij beleid, zodat het aanbod aansluit bij wat "
            "jongeren zelf nodig vinden."
        ),
        "prevention_level": "universeel",
        "age_bands": ["12-18 jaar", "18-23 jaar"],
        "domains": ["wijk"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": [],
        "protective_factors": ["kansen voor betrokkenheid en participatie", "positieve identiteit"],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o7"],
        "reach": 12,
        "reach_unit": "jongeren",
        "budget": 15000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a04",
        "name": "Kansrijke Start: lokale coalitie eerste 1000 dagen",
        "description": (
            "Gemeente, JGZ, verloskundigen, kraamzorg, huisartsen en wijkteam maken afspraken om kwetsbare "
            "zwangeren vroeg te signaleren en zonder wachttijd door te verwijzen."
        ),
        "partner": "gemeente",
        "co_partners": ["jgz", "wijkteam", "huisartsen"],
        "contribution": (
            "We doen vaste afspraken over signalering en doorverwijzing rond de zwangerschap, zodat kinderen "
            "in kwetsbare gezinnen een kansrijke start krijgen."
        ),
        "prevention_level": "selectief",
        "age_bands": ["zwangerschap (-9 mnd)", "0-4 jaar"],
        "domains": ["gezin"],
        "tier": "versterken van de basis",
        "po_level": "selectief",
        "themes": ["van pedagogische tik tot kindermishandeling"],
        "protective_factors": ["sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "collectief",
        "outcomes": ["o2", "o7"],
        "reach": 45,
        "reach_unit": "professionals",
        "budget": 40000.0,
        "financing": "eigen middelen",
        "status": "nieuw",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "Nog niet alle verloskundigenpraktijken zijn aangesloten.",
    },
    {
        "key": "a05",
        "name": "Training meldcode en signaleren kindermishandeling",
        "description": (
            "Jaarlijkse training voor leerkrachten, pedagogisch medewerkers en jongerenwerkers over signalen "
            "van kindermishandeling en het werken met de meldcode."
        ),
        "partner": "gemeente",
        "co_partners": ["jgz"],
        "contribution": (
            "We doen scholing van professionals in de basisvoorzieningen, zodat signalen van onveiligheid "
            "eerder worden opgemerkt en besproken."
        ),
        "prevention_level": "universeel",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["kinderopvang/school", "wijk"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": ["van pedagogische tik tot kindermishandeling"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o2"],
        "reach": 180,
        "reach_unit": "professionals",
        "budget": 28000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a06",
        "name": "Persoonsgebonden budget jeugd",
        "description": (
            "Ouders kunnen voor jeugdhulp met een beschikking kiezen voor een pgb en zelf hulp inkopen, "
            "bijvoorbeeld begeleiding of logeeropvang."
        ),
        "partner": "gemeente",
        "co_partners": [],
        "contribution": (
            "We doen pgb-verstrekking naast zorg in natura, zodat gezinnen zelf de regie houden over de hulp "
            "die zij inkopen."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief",
        "themes": [],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": [],
        "reach": 140,
        "reach_unit": "kinderen",
        "budget": 820000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a07",
        "name": "Jeugd- en gezinsbegeleiding door het wijkteam",
        "description": (
            "Generalistische medewerkers van het wijkteam bieden kortdurende ambulante ondersteuning bij "
            "opvoed- en opgroeivragen, zonder beschikking en dicht bij huis."
        ),
        "partner": "wijkteam",
        "co_partners": [],
        "contribution": (
            "We doen lichte ondersteuning in de wijk, zodat problemen niet verergeren en minder gezinnen "
            "specialistische hulp nodig hebben."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["gezin", "wijk"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem", "van lastig tot gedragsprobleem"],
        "protective_factors": ["sociale steun", "competenties"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o3", "o8"],
        "reach": 780,
        "reach_unit": "gezinnen",
        "budget": 890000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "780 gezinnen; gemiddelde doorlooptijd 14 weken.",
        "indicator_usefulness": "Cliënttevredenheid gemiddeld 7,9.",
        "indicator_goals": "68% van de trajecten afgesloten zonder verwijzing naar specialistische hulp.",
        "indicator_improvement": "Meer groepsaanbod inzetten om de wachttijd van 6 weken te verkorten.",
    },
    {
        "key": "a08",
        "name": "Gezinsregie: één gezin, één plan",
        "description": (
            "Bij gezinnen met meerdere hulpverleners neemt een gezinsregisseur van het wijkteam de regie en "
            "maakt met het gezin één gezamenlijk plan."
        ),
        "partner": "wijkteam",
        "co_partners": ["jeugdhulp", "ggz", "jgz"],
        "contribution": (
            "We doen regie met één plan per gezin, zodat hulpverleners samenwerken in plaats van langs elkaar heen."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar", "18-23 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief",
        "themes": ["van pedagogische tik tot kindermishandeling"],
        "protective_factors": ["sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o7", "o2"],
        "reach": 160,
        "reach_unit": "gezinnen",
        "budget": 410000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "160 gezinnen met een gezinsregisseur.",
        "indicator_usefulness": "",
        "indicator_goals": "44% van deze gezinnen heeft één gezinsplan (streven: 75%).",
        "indicator_improvement": "Afspraken met zorgaanbieders over deelname aan het gezinsplan.",
    },
    {
        "key": "a09",
        "name": "Cursus positief opvoeden voor ouders",
        "description": (
            "Groepscursus van vijf avonden in het buurthuis voor ouders van kinderen van 4 tot 12 jaar over "
            "positief opvoeden, grenzen stellen en omgaan met ruzie."
        ),
        "partner": "wijkteam",
        "co_partners": ["welzijn"],
        "contribution": (
            "We doen een laagdrempelige opvoedcursus in de wijk, zodat ouders zich zekerder voelen in de opvoeding."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar"],
        "domains": ["gezin", "wijk"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["erkenning en waardering voor positief gedrag", "competenties"],
        "erkenning": "niet erkend",
        "form": "groep",
        "outcomes": ["o3"],
        "reach": 90,
        "reach_unit": "ouders",
        "budget": 18000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": ["Noord", "Oost"],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a10",
        "name": "Sociale vaardigheidstraining",
        "description": (
            "Groepstraining van tien bijeenkomsten voor kinderen die moeite hebben met contact maken, voor "
            "zichzelf opkomen of omgaan met boosheid. Ouders krijgen twee ouderavonden."
        ),
        "partner": "wijkteam",
        "co_partners": ["spoor"],
        "contribution": (
            "We doen sociale vaardigheidstrainingen, zodat kinderen beter contact maken en minder betrokken "
            "raken bij pesten."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school", "gezin"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van lastig tot gedragsprobleem", "van plagen tot pesten"],
        "protective_factors": ["competenties", "sociale binding"],
        "erkenning": "goed beschreven",
        "form": "groep",
        "outcomes": ["o6", "o1"],
        "reach": 64,
        "reach_unit": "kinderen",
        "budget": 36000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a11",
        "name": "Schoolmaatschappelijk werk",
        "description": (
            "Een schoolmaatschappelijk werker van het wijkteam is wekelijks op elke basisschool voor "
            "leerlingen, ouders en leerkrachten met zorgen over gedrag, thuissituatie of verzuim."
        ),
        "partner": "wijkteam",
        "co_partners": ["spoor"],
        "contribution": (
            "We doen laagdrempelige hulp op school, zodat zorgen vroeg worden opgepakt en kinderen naar "
            "school blijven gaan."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school", "gezin"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van lastig tot gedragsprobleem", "van spijbelen tot voortijdig schoolverlaten"],
        "protective_factors": ["schoolmotivatie", "sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o6", "o3"],
        "reach": 310,
        "reach_unit": "kinderen",
        "budget": 240000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "Aanwezig op 14 van de 14 basisscholen; 310 leerlingen geholpen.",
        "indicator_usefulness": "Leerkrachten waarderen de aanwezigheid met een 8,2.",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a12",
        "name": "Jeugdhulp op school (JOS)",
        "description": (
            "Een jeugdhulpverlener werkt in de klas en met het schoolteam bij leerlingen met "
            "gedragsproblemen, als alternatief voor individuele verwijzing."
        ),
        "partner": "wijkteam",
        "co_partners": ["swv", "jeugdhulp"],
        "contribution": (
            "We doen jeugdhulp in de school, zodat leerlingen met gedragsproblemen in hun eigen klas kunnen blijven."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van lastig tot gedragsprobleem"],
        "protective_factors": ["schoolmotivatie"],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o6", "o8"],
        "reach": 120,
        "reach_unit": "kinderen",
        "budget": 195000.0,
        "financing": "inkoop",
        "status": "nieuw",
        "databank_url": "",
        "areas": ["Zuid", "De Hoven"],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a13",
        "name": "Transitie 18-/18+: doorlopende begeleiding jongvolwassenen",
        "description": (
            "Jongeren met jeugdhulp krijgen vanaf 16,5 jaar een vaste begeleider die helpt bij wonen, "
            "inkomen, school en de overgang van jeugdhulp naar volwassenenzorg."
        ),
        "partner": "wijkteam",
        "co_partners": ["jeugdhulp", "welzijn"],
        "contribution": (
            "We doen een warme overdracht rond het achttiende jaar, zodat jongvolwassenen niet tussen wal en "
            "schip vallen."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["12-18 jaar", "18-23 jaar"],
        "domains": ["gezin", "wijk"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "intensief",
        "themes": ["van spijbelen tot voortijdig schoolverlaten"],
        "protective_factors": ["competenties", "positieve identiteit"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o6", "o7"],
        "reach": 55,
        "reach_unit": "jongeren",
        "budget": 120000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a14",
        "name": "Opvoedcursus Positief Opvoeden",
        "description": (
            "Groepscursus Triple P (niveau 2 en 3) voor ouders van kinderen van 0 tot 12 jaar over positief "
            "opvoeden en grenzen stellen, in vier bijeenkomsten in het CJG."
        ),
        "partner": "cjg",
        "co_partners": [],
        "contribution": (
            "We doen een opvoedcursus Positief Opvoeden, zodat ouders zich zekerder voelen en "
            "opvoedproblemen niet verergeren."
        ),
        "prevention_level": "universeel",
        "age_bands": ["0-4 jaar", "4-12 jaar"],
        "domains": ["gezin"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["erkenning en waardering voor positief gedrag", "competenties"],
        "erkenning": "effectief volgens goede aanwijzingen",
        "form": "groep",
        "outcomes": ["o3"],
        "reach": 140,
        "reach_unit": "ouders",
        "budget": 42000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/triple-p",
        "areas": [],
        "indicator_reach": "140 ouders, vooral uit Centrum en Zuid.",
        "indicator_usefulness": "Ouders geven de cursus gemiddeld een 8,4.",
        "indicator_goals": "",
        "indicator_improvement": "Ouders uit Noord en Oost worden nauwelijks bereikt.",
    },
    {
        "key": "a15",
        "name": "Opvoedspreekuur CJG",
        "description": (
            "Ouders kunnen zonder afspraak of verwijzing terecht bij een pedagoog van het CJG met vragen "
            "over slapen, eten, driftbuien of grenzen stellen."
        ),
        "partner": "cjg",
        "co_partners": [],
        "contribution": (
            "We doen een vrij toegankelijk opvoedspreekuur, zodat opvoedvragen vroeg beantwoord worden en "
            "niet uitgroeien tot problemen."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["0-4 jaar", "4-12 jaar"],
        "domains": ["gezin"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "selectief",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o3"],
        "reach": 260,
        "reach_unit": "ouders",
        "budget": 55000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a16",
        "name": "Opvoedinformatie online en via sociale media",
        "description": (
            "Het CJG beantwoordt opvoedvragen via website, chat en Instagram en publiceert korte video's "
            "over veelvoorkomende opvoedthema's."
        ),
        "partner": "cjg",
        "co_partners": [],
        "contribution": (
            "We doen online opvoedinformatie en een opvoedchat, zodat ouders snel betrouwbare informatie vinden."
        ),
        "prevention_level": "universeel",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["online", "gezin"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "collectief",
        "outcomes": ["o3"],
        "reach": 5200,
        "reach_unit": "ouders",
        "budget": 30000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a17",
        "name": "Week van de Opvoeding",
        "description": (
            "Jaarlijkse themaweek met ouderavonden, workshops en activiteiten in bibliotheek en buurthuizen "
            "rond een landelijk opvoedthema."
        ),
        "partner": "cjg",
        "co_partners": ["welzijn", "kinderopvang"],
        "contribution": (
            "We doen een jaarlijkse themaweek over opvoeden, zodat opvoeden bespreekbaar wordt en ouders het "
            "CJG leren kennen."
        ),
        "prevention_level": "universeel",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["wijk", "gezin"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["sociale binding"],
        "erkenning": "niet beoordeeld",
        "form": "collectief",
        "outcomes": ["o3"],
        "reach": 400,
        "reach_unit": "ouders",
        "budget": 9000.0,
        "financing": "subsidie",
        "status": "stoppen",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "Ongeveer 400 bezoekers, grotendeels dezelfde ouders als vorig jaar.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "Middelen voortaan inzetten voor ouderavonden op scholen.",
    },
    {
        "key": "a18",
        "name": "Ouderavonden op school over opvoeden",
        "description": (
            "Pedagogen van het CJG verzorgen themabijeenkomsten op basisscholen over mediagebruik, "
            "weerbaarheid en de puberteit."
        ),
        "partner": "cjg",
        "co_partners": ["spoor"],
        "contribution": (
            "We doen ouderavonden op school, zodat ouders elkaar en het CJG makkelijker vinden bij opvoedvragen."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school", "gezin"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["sociale binding", "sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o3"],
        "reach": 600,
        "reach_unit": "ouders",
        "budget": 14000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a19",
        "name": "Weerbaarheidstraining Sterk en Stoer",
        "description": (
            "Groepstraining van acht bijeenkomsten voor kinderen van 8 tot 12 jaar die onzeker of angstig "
            "zijn, met oefeningen in grenzen aangeven en zelfvertrouwen."
        ),
        "partner": "cjg",
        "co_partners": [],
        "contribution": (
            "We doen een weerbaarheidstraining voor onzekere kinderen, zodat zij steviger in hun schoenen "
            "staan en angst niet toeneemt."
        ),
        "prevention_level": "selectief",
        "age_bands": ["4-12 jaar"],
        "domains": ["gezin", "vrije tijd"],
        "tier": "preventieve activiteiten",
        "po_level": "licht",
        "themes": ["van bang tot angststoornis", "van plagen tot pesten"],
        "protective_factors": ["competenties", "positieve identiteit"],
        "erkenning": "niet erkend",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 48,
        "reach_unit": "kinderen",
        "budget": 16000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a20",
        "name": "Oudertraining omgaan met druk gedrag",
        "description": (
            "Groepstraining (Triple P niveau 4) voor ouders van kinderen met druk, impulsief of opstandig "
            "gedrag, met huiswerkopdrachten en telefonische begeleiding tussen de bijeenkomsten."
        ),
        "partner": "cjg",
        "co_partners": [],
        "contribution": (
            "We doen een oudertraining bij druk gedrag, zodat ouders meer grip krijgen en een verwijzing "
            "naar de jeugd-ggz vaker niet nodig is."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["4-12 jaar"],
        "domains": ["gezin"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": [
            "van druk kind tot ADHD",
            "van lastig tot gedragsprobleem",
            "van opvoedingsonzeker tot opvoedprobleem",
        ],
        "protective_factors": ["competenties"],
        "erkenning": "effectief volgens goede aanwijzingen",
        "form": "groep",
        "outcomes": ["o3", "o8"],
        "reach": 56,
        "reach_unit": "ouders",
        "budget": 24000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/triple-p",
        "areas": [],
        "indicator_reach": "56 ouders in zeven groepen.",
        "indicator_usefulness": "",
        "indicator_goals": "80% van de ouders ziet minder probleemgedrag na afloop (SDQ).",
        "indicator_improvement": "",
    },
    {
        "key": "a21",
        "name": "KIES: Kinderen In Echtscheiding Situatie",
        "description": (
            "Groepsprogramma van acht bijeenkomsten voor kinderen van gescheiden ouders, op school of in het CJG."
        ),
        "partner": "cjg",
        "co_partners": ["spoor"],
        "contribution": (
            "We doen KIES-groepen, zodat kinderen van gescheiden ouders hun ervaringen kunnen delen en zich "
            "gesteund voelen."
        ),
        "prevention_level": "selectief",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school", "gezin"],
        "tier": "preventieve activiteiten",
        "po_level": "selectief",
        "themes": [],
        "protective_factors": ["sociale steun", "sociale binding"],
        "erkenning": "goed onderbouwd",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 40,
        "reach_unit": "kinderen",
        "budget": 12000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/kies",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a22",
        "name": "Consultatiebureau: JGZ-basispakket 0-4 jaar",
        "description": (
            "Alle kinderen van 0 tot 4 jaar worden op vaste contactmomenten gezien voor groei, ontwikkeling, "
            "vaccinaties en opvoedvragen."
        ),
        "partner": "jgz",
        "co_partners": [],
        "contribution": (
            "We doen het landelijk basispakket JGZ voor alle jonge kinderen, zodat afwijkingen in groei en "
            "ontwikkeling vroeg worden gesignaleerd."
        ),
        "prevention_level": "universeel",
        "age_bands": ["0-4 jaar"],
        "domains": ["gezin"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van ongezond gewicht tot overgewicht", "van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o3", "o4"],
        "reach": 2100,
        "reach_unit": "kinderen",
        "budget": 880000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "Opkomst bij de contactmomenten 96%.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "Meer aandacht voor ouders met weinig gezondheidsvaardigheden.",
    },
    {
        "key": "a23",
        "name": "JGZ 4-18 jaar: contactmomenten op school",
        "description": (
            "Jeugdartsen en jeugdverpleegkundigen zien kinderen in groep 2 en 7 en in klas 2 en 4 van het "
            "voortgezet onderwijs, met vragenlijsten over gezondheid en welbevinden."
        ),
        "partner": "jgz",
        "co_partners": ["spoor", "swv"],
        "contribution": (
            "We doen periodieke contactmomenten op school, zodat problemen met gewicht, stemming en "
            "welbevinden vroeg in beeld zijn."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van ongezond gewicht tot overgewicht", "van dip tot depressie"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o1", "o4"],
        "reach": 3400,
        "reach_unit": "kinderen",
        "budget": 610000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a24",
        "name": "Prenataal huisbezoek",
        "description": (
            "De jeugdverpleegkundige bezoekt aanstaande ouders in het derde trimester om kennis te maken en "
            "te praten over de voorbereiding op het ouderschap."
        ),
        "partner": "jgz",
        "co_partners": [],
        "contribution": (
            "We doen een prenataal huisbezoek, zodat aanstaande ouders de JGZ kennen en risico's vroeg "
            "besproken worden."
        ),
        "prevention_level": "universeel",
        "age_bands": ["zwangerschap (-9 mnd)"],
        "domains": ["gezin"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["sociale steun"],
        "erkenning": "goed beschreven",
        "form": "individueel",
        "outcomes": ["o3", "o2"],
        "reach": 520,
        "reach_unit": "gezinnen",
        "budget": 48000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a25",
        "name": "Samen Starten",
        "description": (
            "Gespreksmethode op het consultatiebureau om met ouders de sterke kanten en zorgen in het gezin "
            "in beeld te brengen en zo nodig toe te leiden naar ondersteuning."
        ),
        "partner": "jgz",
        "co_partners": ["cjg"],
        "contribution": (
            "We doen Samen Starten op het consultatiebureau, zodat gezinnen met extra zorgen op tijd "
            "passende steun krijgen."
        ),
        "prevention_level": "universeel",
        "age_bands": ["0-4 jaar"],
        "domains": ["gezin"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem", "van pedagogische tik tot kindermishandeling"],
        "protective_factors": ["sociale steun"],
        "erkenning": "goed onderbouwd",
        "form": "individueel",
        "outcomes": ["o2", "o3"],
        "reach": 1200,
        "reach_unit": "gezinnen",
        "budget": 35000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/samen-starten",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a26",
        "name": "VoorZorg",
        "description": (
            "Intensieve begeleiding door een gespecialiseerde jeugdverpleegkundige van jonge, kwetsbare "
            "zwangere vrouwen, van de zwangerschap tot het kind twee jaar is."
        ),
        "partner": "jgz",
        "co_partners": ["wijkteam"],
        "contribution": (
            "We doen VoorZorg bij jonge, kwetsbare zwangeren, zodat kindermishandeling wordt voorkomen en de "
            "moeder sterker staat."
        ),
        "prevention_level": "selectief",
        "age_bands": ["zwangerschap (-9 mnd)", "0-4 jaar"],
        "domains": ["gezin"],
        "tier": "preventieve activiteiten",
        "po_level": "intensief",
        "themes": ["van pedagogische tik tot kindermishandeling", "van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["sociale steun", "competenties"],
        "erkenning": "effectief volgens goede aanwijzingen",
        "form": "individueel",
        "outcomes": ["o2", "o3"],
        "reach": 18,
        "reach_unit": "gezinnen",
        "budget": 95000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/voorzorg",
        "areas": [],
        "indicator_reach": "18 trajecten, alle plaatsen bezet; wachtlijst van vijf.",
        "indicator_usefulness": "",
        "indicator_goals": "Alle deelnemers rondden het traject af; geen meldingen bij Veilig Thuis.",
        "indicator_improvement": "Capaciteit uitbreiden of eerder Stevig Ouderschap inzetten.",
    },
    {
        "key": "a27",
        "name": "Stevig Ouderschap",
        "description": (
            "Huisbezoekprogramma van de JGZ voor ouders van een eerste kind met een verhoogd risico op "
            "opvoedproblemen, vanaf de eerste levensmaanden."
        ),
        "partner": "jgz",
        "co_partners": [],
        "contribution": (
            "We doen Stevig Ouderschap, zodat ouders met een verhoogd risico zich gesteund voelen en de "
            "ouder-kindrelatie sterk begint."
        ),
        "prevention_level": "selectief",
        "age_bands": ["0-4 jaar"],
        "domains": ["gezin"],
        "tier": "preventieve activiteiten",
        "po_level": "selectief",
        "themes": ["van pedagogische tik tot kindermishandeling", "van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["sociale steun", "competenties"],
        "erkenning": "effectief volgens eerste aanwijzingen",
        "form": "individueel",
        "outcomes": ["o2", "o3"],
        "reach": 45,
        "reach_unit": "gezinnen",
        "budget": 60000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/stevig-ouderschap",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a28",
        "name": "Spreekuur opvoedvragen op het consultatiebureau",
        "description": (
            "Extra spreekuur van de jeugdverpleegkundige voor ouders met vragen over slapen, huilen, eten en "
            "driftbuien, op afspraak of via inloop."
        ),
        "partner": "jgz",
        "co_partners": [],
        "contribution": (
            "We doen een opvoedspreekuur op het consultatiebureau, zodat ouders met opvoedvragen snel en "
            "dichtbij advies krijgen."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["0-4 jaar"],
        "domains": ["gezin"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "selectief",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o3"],
        "reach": 330,
        "reach_unit": "ouders",
        "budget": 38000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a29",
        "name": "Gezonde School-ondersteuning",
        "description": (
            "De GGD adviseert scholen over het Gezonde School-vignet en zet lesprogramma's in over voeding, "
            "bewegen en welbevinden."
        ),
        "partner": "jgz",
        "co_partners": ["spoor", "swv"],
        "contribution": (
            "We doen ondersteuning bij de Gezonde School-aanpak, zodat gezond gedrag op school de gewoonste zaak wordt."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": ["van ongezond gewicht tot overgewicht"],
        "protective_factors": ["prosociale normen"],
        "erkenning": "niet beoordeeld",
        "form": "collectief",
        "outcomes": ["o4", "o1"],
        "reach": 4800,
        "reach_unit": "kinderen",
        "budget": 52000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "6 van de 14 basisscholen en 1 van de 3 VO-scholen hebben een vignet.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a30",
        "name": "Lang Leve de Liefde",
        "description": (
            "Lesprogramma over relaties en seksualiteit voor de onderbouw van het voortgezet onderwijs, met "
            "ondersteuning van de GGD."
        ),
        "partner": "jgz",
        "co_partners": ["swv"],
        "contribution": (
            "We doen lessen over relaties en seksualiteit, zodat jongeren gezonde keuzes maken en hun "
            "grenzen leren aangeven."
        ),
        "prevention_level": "universeel",
        "age_bands": ["12-18 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": [],
        "protective_factors": ["prosociale normen", "positieve identiteit"],
        "erkenning": "effectief volgens eerste aanwijzingen",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 900,
        "reach_unit": "jongeren",
        "budget": 8000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/lang-leve-de-liefde",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a31",
        "name": "KiVa anti-pestprogramma",
        "description": (
            "Schoolbreed programma tegen pesten met lessen voor alle groepen, een KiVa-team dat "
            "pestsituaties aanpakt en jaarlijkse monitoring."
        ),
        "partner": "spoor",
        "co_partners": [],
        "contribution": (
            "We doen KiVa op onze basisscholen, zodat minder kinderen gepest worden en zij zich veilig "
            "voelen op school."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van plagen tot pesten"],
        "protective_factors": ["prosociale normen", "sociale binding"],
        "erkenning": "effectief volgens eerste aanwijzingen",
        "form": "collectief",
        "outcomes": ["o6", "o1"],
        "reach": 2600,
        "reach_unit": "kinderen",
        "budget": 65000.0,
        "financing": "eigen middelen",
        "status": "uitbreiden",
        "databank_url": "https://www.nji.nl/interventies/kiva",
        "areas": [],
        "indicator_reach": "8 van de 14 scholen werken met KiVa.",
        "indicator_usefulness": "",
        "indicator_goals": "Op KiVa-scholen daalde het aandeel gepeste leerlingen van 12% naar 9%.",
        "indicator_improvement": "Uitrol naar de overige zes scholen in 2028.",
    },
    {
        "key": "a32",
        "name": "De Vreedzame School",
        "description": (
            "Programma voor sociale competentie en democratisch burgerschap, met leerlingmediatoren en een "
            "gedeelde taal voor conflicten."
        ),
        "partner": "spoor",
        "co_partners": [],
        "contribution": (
            "We doen De Vreedzame School, zodat kinderen conflicten zelf leren oplossen en de sfeer in de "
            "klas veilig is."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van lastig tot gedragsprobleem"],
        "protective_factors": ["prosociale normen", "kansen voor betrokkenheid en participatie"],
        "erkenning": "effectief volgens eerste aanwijzingen",
        "form": "collectief",
        "outcomes": ["o6"],
        "reach": 1900,
        "reach_unit": "kinderen",
        "budget": 30000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/de-vreedzame-school",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a33",
        "name": "Sportief na school",
        "description": (
            "Na schooltijd bieden vakleerkrachten gym op vier scholen twee keer per week sport- en "
            "spelactiviteiten aan voor kinderen uit groep 3 tot en met 8."
        ),
        "partner": "spoor",
        "co_partners": [],
        "contribution": (
            "We doen sport en spel na schooltijd, zodat kinderen meer bewegen en minder kinderen overgewicht krijgen."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school", "vrije tijd"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van ongezond gewicht tot overgewicht"],
        "protective_factors": ["constructieve tijdsbesteding", "sociale binding"],
        "erkenning": "niet erkend",
        "form": "groep",
        "outcomes": ["o4"],
        "reach": 350,
        "reach_unit": "kinderen",
        "budget": 40000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": ["Noord", "De Hoven"],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a34",
        "name": "Faalangstreductietraining groep 7-8",
        "description": (
            "Training van acht lessen voor leerlingen met faalangst rond toetsen en de overstap naar het "
            "voortgezet onderwijs, gegeven door intern begeleiders."
        ),
        "partner": "spoor",
        "co_partners": ["cjg"],
        "contribution": (
            "We doen een faalangsttraining, zodat leerlingen met minder spanning toetsen maken en de "
            "overstap naar het voortgezet onderwijs aankunnen."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van bang tot angststoornis"],
        "protective_factors": ["competenties", "positieve identiteit"],
        "erkenning": "goed beschreven",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 75,
        "reach_unit": "kinderen",
        "budget": 11000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a35",
        "name": "Zorg- en adviesteam (ZAT)",
        "description": (
            "Multidisciplinair overleg op school met intern begeleider of zorgcoördinator, jeugdarts, "
            "schoolmaatschappelijk werk en leerplicht over leerlingen over wie zorgen zijn."
        ),
        "partner": "swv",
        "co_partners": ["wijkteam", "jgz", "gemeente"],
        "contribution": (
            "We doen een vast zorg- en adviesteam op elke school, zodat zorgen over leerlingen snel bij de "
            "juiste partner terechtkomen."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van spijbelen tot voortijdig schoolverlaten", "van lastig tot gedragsprobleem"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "collectief",
        "outcomes": ["o6", "o7"],
        "reach": 260,
        "reach_unit": "kinderen",
        "budget": 25000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "Op alle 17 scholen een ZAT; 260 leerlingen besproken.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": ("Huisartsen en POH-jeugd aansluiten bij het ZAT van het voortgezet onderwijs."),
    },
    {
        "key": "a36",
        "name": "Plusvoorziening",
        "description": (
            "Tijdelijke opvang met intensieve begeleiding voor VO-leerlingen met motivatie- of "
            "gedragsproblemen die dreigen uit te vallen, gericht op terugkeer naar de eigen school."
        ),
        "partner": "swv",
        "co_partners": ["welzijn"],
        "contribution": ("We doen een plusvoorziening, zodat jongeren die dreigen uit te vallen hun school afmaken."),
        "prevention_level": "geïndiceerd",
        "age_bands": ["12-18 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "intensief",
        "themes": ["van spijbelen tot voortijdig schoolverlaten", "van lastig tot gedragsprobleem"],
        "protective_factors": ["schoolmotivatie"],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o6"],
        "reach": 45,
        "reach_unit": "jongeren",
        "budget": 260000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a37",
        "name": "Onderwijs-zorgarrangement De Brug",
        "description": (
            "Kleine groep in een reguliere basisschool voor kinderen met gedragsproblemen en een "
            "ontwikkelingsstoornis, met een leerkracht en een jeugdhulpverlener samen in de klas."
        ),
        "partner": "swv",
        "co_partners": ["jeugdhulp", "spoor"],
        "contribution": (
            "We doen onderwijs en jeugdhulp samen in één klas, zodat kinderen niet thuis zitten en niet naar "
            "dagbehandeling hoeven."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief en specialistisch",
        "themes": ["van lastig tot gedragsprobleem", "van druk kind tot ADHD"],
        "protective_factors": ["schoolmotivatie"],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o6", "o8"],
        "reach": 12,
        "reach_unit": "kinderen",
        "budget": 230000.0,
        "financing": "inkoop",
        "status": "nieuw",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "Evaluatie na het eerste schooljaar; daarna besluit over een tweede groep.",
    },
    {
        "key": "a38",
        "name": "Mentale gezondheid in de mentorles (Skills4Life)",
        "description": (
            "Lessenreeks over emoties, stress en weerbaarheid in de mentorlessen van klas 1 en 2 op de drie VO-scholen."
        ),
        "partner": "swv",
        "co_partners": ["jgz"],
        "contribution": (
            "We doen lessen over mentale gezondheid in de mentorles, zodat jongeren beter omgaan met stress "
            "en somberheid."
        ),
        "prevention_level": "universeel",
        "age_bands": ["12-18 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van dip tot depressie", "van bang tot angststoornis"],
        "protective_factors": ["competenties", "positieve identiteit"],
        "erkenning": "goed onderbouwd",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 1100,
        "reach_unit": "jongeren",
        "budget": 22000.0,
        "financing": "eigen middelen",
        "status": "nieuw",
        "databank_url": "https://www.nji.nl/interventies/skills4life",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a39",
        "name": "Voor- en vroegschoolse educatie (VVE)",
        "description": (
            "Peuters met een risico op een taal- of ontwikkelingsachterstand krijgen 16 uur per week een "
            "educatief programma op de peuteropvang, met een doorgaande lijn naar groep 1 en 2."
        ),
        "partner": "kinderopvang",
        "co_partners": ["spoor", "jgz"],
        "contribution": (
            "We doen VVE voor doelgroeppeuters, zodat zij met een kleinere achterstand aan de basisschool beginnen."
        ),
        "prevention_level": "selectief",
        "age_bands": ["0-4 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "selectief",
        "themes": [],
        "protective_factors": ["cognitieve vaardigheden", "schoolmotivatie"],
        "erkenning": "goed onderbouwd",
        "form": "groep",
        "outcomes": ["o6"],
        "reach": 240,
        "reach_unit": "kinderen",
        "budget": 720000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "240 doelgroeppeuters; 84% van de geïndiceerde peuters wordt bereikt.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "Toeleiding via het consultatiebureau in Oost versterken.",
    },
    {
        "key": "a40",
        "name": "Pedagogisch coach in de kinderopvang",
        "description": (
            "Pedagogisch coaches trainen en begeleiden pedagogisch medewerkers in het omgaan met lastig "
            "gedrag en het versterken van de interactie met kinderen."
        ),
        "partner": "kinderopvang",
        "co_partners": [],
        "contribution": (
            "We doen coaching van pedagogisch medewerkers, zodat lastig gedrag in de groep vroeg en goed "
            "wordt opgevangen."
        ),
        "prevention_level": "universeel",
        "age_bands": ["0-4 jaar", "4-12 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": ["van lastig tot gedragsprobleem"],
        "protective_factors": ["erkenning en waardering voor positief gedrag"],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 85,
        "reach_unit": "professionals",
        "budget": 45000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a41",
        "name": "BoekStart: voorlezen aan baby's en peuters",
        "description": (
            "Met de bibliotheek stimuleren pedagogisch medewerkers en het consultatiebureau voorlezen thuis, "
            "met een gratis BoekStartkoffertje voor ouders van baby's."
        ),
        "partner": "kinderopvang",
        "co_partners": ["jgz"],
        "contribution": (
            "We doen BoekStart, zodat ouders vaker voorlezen en kinderen met een betere taalbasis naar school gaan."
        ),
        "prevention_level": "universeel",
        "age_bands": ["0-4 jaar"],
        "domains": ["gezin", "kinderopvang/school"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": [],
        "protective_factors": ["cognitieve vaardigheden"],
        "erkenning": "goed beschreven",
        "form": "collectief",
        "outcomes": ["o6"],
        "reach": 800,
        "reach_unit": "kinderen",
        "budget": 12000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a42",
        "name": "Opstapje",
        "description": (
            "Spel- en voorleesprogramma aan huis voor gezinnen met peuters met een risico op een "
            "ontwikkelingsachterstand, uitgevoerd door getrainde buurtmoeders."
        ),
        "partner": "kinderopvang",
        "co_partners": [],
        "contribution": (
            "We doen Opstapje aan huis, zodat peuters met een risico op achterstand beter voorbereid naar school gaan."
        ),
        "prevention_level": "selectief",
        "age_bands": ["0-4 jaar"],
        "domains": ["gezin"],
        "tier": "preventieve activiteiten",
        "po_level": "selectief",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["cognitieve vaardigheden", "sociale steun"],
        "erkenning": "goed onderbouwd",
        "form": "individueel",
        "outcomes": ["o3", "o6"],
        "reach": 25,
        "reach_unit": "gezinnen",
        "budget": 70000.0,
        "financing": "subsidie",
        "status": "afbouwen",
        "databank_url": "https://www.nji.nl/interventies/opstapje",
        "areas": [],
        "indicator_reach": "25 gezinnen; de instroom daalt sinds de uitbreiding van VVE.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "Afbouwen en gezinnen toeleiden naar VVE en Home-Start.",
    },
    {
        "key": "a43",
        "name": "Naschools sport- en beweegaanbod (buurtsportcoach)",
        "description": (
            "Buurtsportcoaches organiseren na schooltijd sport- en beweegactiviteiten op pleinen en in "
            "gymzalen voor kinderen van 6 tot 12 jaar."
        ),
        "partner": "welzijn",
        "co_partners": ["gemeente"],
        "contribution": (
            "We doen naschools sporten in de wijk, zodat kinderen meer bewegen en een gezond gewicht houden."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar"],
        "domains": ["vrije tijd", "wijk"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van ongezond gewicht tot overgewicht"],
        "protective_factors": ["constructieve tijdsbesteding", "sociale binding"],
        "erkenning": "niet erkend",
        "form": "groep",
        "outcomes": ["o4"],
        "reach": 900,
        "reach_unit": "kinderen",
        "budget": 160000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": ["Noord", "Oost", "Zuid"],
        "indicator_reach": "900 kinderen, waarvan 60% minstens eens per week.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a44",
        "name": "Anti-pestlessen op basisscholen",
        "description": (
            "Jongerenwerkers geven in groep 6 tot en met 8 een lessenreeks over pesten, groepsdruk en online "
            "omgangsvormen, met een afsluitende ouderavond."
        ),
        "partner": "welzijn",
        "co_partners": ["spoor"],
        "contribution": (
            "We doen anti-pestlessen in de klas, zodat kinderen pesten herkennen en minder kinderen gepest worden."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van plagen tot pesten"],
        "protective_factors": ["prosociale normen", "sociale binding"],
        "erkenning": "niet erkend",
        "form": "groep",
        "outcomes": ["o6", "o1"],
        "reach": 700,
        "reach_unit": "kinderen",
        "budget": 26000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": ["Oost", "Zuid"],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a45",
        "name": "Rots en Water",
        "description": (
            "Weerbaarheidstraining voor groepen kinderen van 8 tot 12 jaar die onzeker zijn of moeite hebben "
            "met grenzen, met fysieke oefeningen en reflectie."
        ),
        "partner": "welzijn",
        "co_partners": [],
        "contribution": (
            "We doen Rots en Water-trainingen, zodat onzekere kinderen weerbaarder worden en minder angstig zijn."
        ),
        "prevention_level": "selectief",
        "age_bands": ["4-12 jaar"],
        "domains": ["vrije tijd", "kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "licht",
        "themes": ["van bang tot angststoornis", "van plagen tot pesten"],
        "protective_factors": ["competenties", "positieve identiteit"],
        "erkenning": "goed onderbouwd",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 60,
        "reach_unit": "kinderen",
        "budget": 18000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/rots-en-water",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a46",
        "name": "Jongerencentrum De Loods: open inloop",
        "description": (
            "Vier avonden per week open inloop met activiteiten, huiswerkbegeleiding en een luisterend oor "
            "van jongerenwerkers."
        ),
        "partner": "welzijn",
        "co_partners": [],
        "contribution": (
            "We doen een open jongerencentrum, zodat jongeren een veilige plek hebben en jongerenwerkers "
            "zorgen vroeg opmerken."
        ),
        "prevention_level": "universeel",
        "age_bands": ["12-18 jaar"],
        "domains": ["vrije tijd", "wijk"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": [],
        "protective_factors": [
            "constructieve tijdsbesteding",
            "sociale binding",
            "kansen voor betrokkenheid en participatie",
        ],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 350,
        "reach_unit": "jongeren",
        "budget": 210000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": ["Centrum"],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a47",
        "name": "Straathoekwerk",
        "description": (
            "Jongerenwerkers zoeken groepen jongeren op straat op, bouwen een relatie op en leiden jongeren "
            "met problemen toe naar hulp, werk of school."
        ),
        "partner": "welzijn",
        "co_partners": ["politie"],
        "contribution": (
            "We doen ambulant jongerenwerk op straat, zodat jongeren in risicogroepen in beeld zijn en op "
            "tijd hulp krijgen."
        ),
        "prevention_level": "selectief",
        "age_bands": ["12-18 jaar"],
        "domains": ["wijk"],
        "tier": "preventieve activiteiten",
        "po_level": "selectief",
        "themes": ["van lastig tot gedragsprobleem"],
        "protective_factors": ["sociale binding", "prosociale normen"],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o6"],
        "reach": 180,
        "reach_unit": "jongeren",
        "budget": 185000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": ["Oost", "De Hoven"],
        "indicator_reach": "14 vaste groepen in beeld; 180 jongeren gesproken.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "Betere terugkoppeling na toeleiding naar het wijkteam.",
    },
    {
        "key": "a48",
        "name": "Online jongerenwerk",
        "description": (
            "Jongerenwerkers zijn actief op Instagram, TikTok en Discord, beantwoorden vragen en leggen "
            "contact met jongeren die niet naar het jongerencentrum komen."
        ),
        "partner": "welzijn",
        "co_partners": [],
        "contribution": (
            "We doen jongerenwerk online, zodat ook jongeren die niet naar het jongerencentrum komen een "
            "aanspreekpunt hebben."
        ),
        "prevention_level": "universeel",
        "age_bands": ["12-18 jaar", "18-23 jaar"],
        "domains": ["online"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van dip tot depressie"],
        "protective_factors": ["sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "collectief",
        "outcomes": ["o1"],
        "reach": 1500,
        "reach_unit": "jongeren",
        "budget": 38000.0,
        "financing": "subsidie",
        "status": "nieuw",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a49",
        "name": "Jongerencoach",
        "description": (
            "Individuele coaching door een jongerenwerker van jongeren met vragen over school, werk of "
            "thuis, gedurende maximaal zes maanden."
        ),
        "partner": "welzijn",
        "co_partners": [],
        "contribution": (
            "We doen kortdurende jongerencoaching, zodat jongeren hun school afmaken of aan het werk gaan."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["12-18 jaar", "18-23 jaar"],
        "domains": ["wijk", "kinderopvang/school"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van spijbelen tot voortijdig schoolverlaten"],
        "protective_factors": ["competenties", "schoolmotivatie"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o6"],
        "reach": 90,
        "reach_unit": "jongeren",
        "budget": 75000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a50",
        "name": "Thuis Op Straat (TOS)",
        "description": (
            "Groepsaanpak van het jongerenwerk voor jongeren die overlast veroorzaken of dreigen af te "
            "glijden, met sport, groepsgesprekken en individuele trajecten."
        ),
        "partner": "welzijn",
        "co_partners": ["politie"],
        "contribution": (
            "We doen Thuis Op Straat, zodat jongeren die dreigen af te glijden weer aansluiting vinden bij "
            "school en de buurt."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["12-18 jaar"],
        "domains": ["wijk", "vrije tijd"],
        "tier": "preventieve activiteiten",
        "po_level": "licht",
        "themes": ["van lastig tot gedragsprobleem"],
        "protective_factors": ["prosociale normen", "constructieve tijdsbesteding"],
        "erkenning": "goed beschreven",
        "form": "groep",
        "outcomes": ["o6"],
        "reach": 60,
        "reach_unit": "jongeren",
        "budget": 95000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/thuis-op-straat",
        "areas": ["Oost"],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a51",
        "name": "Vakantieactiviteiten jeugd",
        "description": (
            "Sport-, spel- en creatieve activiteiten in de zomer- en herfstvakantie, met korting voor "
            "kinderen met een Stadspas."
        ),
        "partner": "welzijn",
        "co_partners": ["kinderopvang"],
        "contribution": (
            "We doen vakantieactiviteiten in alle wijken, zodat kinderen in de vakanties actief zijn en "
            "elkaar ontmoeten."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar"],
        "domains": ["vrije tijd", "wijk"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": [],
        "protective_factors": ["constructieve tijdsbesteding", "sociale binding"],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 1200,
        "reach_unit": "kinderen",
        "budget": 35000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a52",
        "name": "Jongerenwerk op school",
        "description": (
            "Jongerenwerkers zijn dagelijks aanwezig in de pauzes op de drie VO-scholen en houden samen met "
            "mentoren groepsgesprekken."
        ),
        "partner": "welzijn",
        "co_partners": ["swv"],
        "contribution": (
            "We doen jongerenwerk op school, zodat jongeren een vertrouwd aanspreekpunt hebben en spanningen "
            "in groepen vroeg worden opgepakt."
        ),
        "prevention_level": "universeel",
        "age_bands": ["12-18 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van plagen tot pesten"],
        "protective_factors": ["sociale binding", "sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o1", "o6"],
        "reach": 1800,
        "reach_unit": "jongeren",
        "budget": 70000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a53",
        "name": "Marietje Kessels Project",
        "description": (
            "Weerbaarheidsprogramma van twaalf lessen in groep 7 en 8 over grenzen, pesten en seksueel misbruik."
        ),
        "partner": "welzijn",
        "co_partners": ["spoor"],
        "contribution": ("We doen het Marietje Kessels Project, zodat kinderen hun grenzen kennen en durven aangeven."),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van plagen tot pesten", "van pedagogische tik tot kindermishandeling"],
        "protective_factors": ["competenties", "positieve identiteit"],
        "erkenning": "goed onderbouwd",
        "form": "groep",
        "outcomes": ["o6", "o2"],
        "reach": 480,
        "reach_unit": "kinderen",
        "budget": 34000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/marietje-kessels-project",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a54",
        "name": "POH-jeugd in de huisartsenpraktijk",
        "description": (
            "Praktijkondersteuners jeugd bieden in zes huisartsenpraktijken kortdurende begeleiding aan "
            "kinderen en jongeren met psychische klachten en verwijzen gericht door."
        ),
        "partner": "huisartsen",
        "co_partners": ["wijkteam", "ggz"],
        "contribution": (
            "We doen begeleiding door een POH-jeugd bij de huisarts, zodat lichte psychische klachten "
            "dichtbij worden opgevangen en minder jongeren naar de jeugd-ggz hoeven."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["4-12 jaar", "12-18 jaar", "18-23 jaar"],
        "domains": ["gezin"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van bang tot angststoornis", "van dip tot depressie", "van druk kind tot ADHD"],
        "protective_factors": ["sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o1", "o8"],
        "reach": 540,
        "reach_unit": "jongeren",
        "budget": 280000.0,
        "financing": "subsidie",
        "status": "uitbreiden",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "6 van de 11 praktijken hebben een POH-jeugd.",
        "indicator_usefulness": "",
        "indicator_goals": "72% van de jongeren geholpen zonder verwijzing naar de jeugd-ggz.",
        "indicator_improvement": "Alle praktijken aansluiten in 2028.",
    },
    {
        "key": "a55",
        "name": "Consultatie jeugdarts en huisarts",
        "description": (
            "Huisartsen kunnen bij twijfel over een verwijzing overleggen met de jeugdarts of de "
            "gedragswetenschapper van het wijkteam."
        ),
        "partner": "huisartsen",
        "co_partners": ["jgz", "wijkteam"],
        "contribution": (
            "We doen laagdrempelige consultatie bij twijfel over een verwijzing, zodat kinderen de juiste "
            "hulp op het juiste niveau krijgen."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["gezin"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van druk kind tot ADHD", "van lastig tot gedragsprobleem"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o7", "o8"],
        "reach": 40,
        "reach_unit": "professionals",
        "budget": 12000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a56",
        "name": "Halt-afdoening",
        "description": (
            "Jongeren die een licht strafbaar feit plegen, zoals vandalisme of winkeldiefstal, krijgen een "
            "Halt-traject in plaats van een strafblad."
        ),
        "partner": "politie",
        "co_partners": ["welzijn"],
        "contribution": ("We doen Halt-afdoeningen, zodat jongeren leren van hun fout en niet verder afglijden."),
        "prevention_level": "geïndiceerd",
        "age_bands": ["12-18 jaar"],
        "domains": ["wijk"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van lastig tot gedragsprobleem"],
        "protective_factors": ["prosociale normen"],
        "erkenning": "goed onderbouwd",
        "form": "individueel",
        "outcomes": [],
        "reach": 70,
        "reach_unit": "jongeren",
        "budget": 6000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/halt-straf",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a57",
        "name": "Wijkagent op school",
        "description": (
            "Wijkagenten geven voorlichting op de VO-scholen en zijn aanspreekpunt voor de schoolleiding bij "
            "incidenten."
        ),
        "partner": "politie",
        "co_partners": ["swv"],
        "contribution": ("We doen vaste wijkagenten per school, zodat incidenten snel en in overleg worden opgepakt."),
        "prevention_level": "universeel",
        "age_bands": ["12-18 jaar"],
        "domains": ["kinderopvang/school", "wijk"],
        "tier": "versterken van de basis",
        "po_level": "universeel",
        "themes": [],
        "protective_factors": ["prosociale normen"],
        "erkenning": "niet beoordeeld",
        "form": "collectief",
        "outcomes": [],
        "reach": 1500,
        "reach_unit": "jongeren",
        "budget": 8000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a58",
        "name": "Veilig online: lessen over cyberpesten en sexting",
        "description": (
            "Politie en jongerenwerk geven in groep 8 en klas 1 lessen over cyberpesten, sexting en online oplichting."
        ),
        "partner": "politie",
        "co_partners": ["welzijn"],
        "contribution": (
            "We doen lessen over online veiligheid, zodat kinderen cyberpesten herkennen en weten waar ze hulp vinden."
        ),
        "prevention_level": "universeel",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["online", "kinderopvang/school"],
        "tier": "preventieve activiteiten",
        "po_level": "universeel",
        "themes": ["van plagen tot pesten"],
        "protective_factors": ["prosociale normen"],
        "erkenning": "niet erkend",
        "form": "groep",
        "outcomes": ["o6"],
        "reach": 950,
        "reach_unit": "kinderen",
        "budget": 10000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a59",
        "name": "Zorgmeldingen jeugd naar het wijkteam",
        "description": (
            "Na een politie-inzet bij huiselijk geweld of zorgen over een kind meldt de politie dit binnen "
            "48 uur bij het wijkteam of Veilig Thuis."
        ),
        "partner": "politie",
        "co_partners": ["wijkteam"],
        "contribution": (
            "We doen snelle zorgmeldingen na een politie-inzet, zodat het wijkteam op tijd contact legt met "
            "gezinnen waar het onveilig is."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["gezin"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van pedagogische tik tot kindermishandeling"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o2", "o7"],
        "reach": 210,
        "reach_unit": "gezinnen",
        "budget": 15000.0,
        "financing": "eigen middelen",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "210 zorgmeldingen; 85% binnen 48 uur doorgezet.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a60",
        "name": "Ambulante gezinsbegeleiding",
        "description": (
            "Intensieve begeleiding thuis, enkele uren per week, voor gezinnen met ernstige opvoed- of "
            "gedragsproblemen, na een beschikking van het wijkteam."
        ),
        "partner": "jeugdhulp",
        "co_partners": ["wijkteam"],
        "contribution": (
            "We doen ambulante gezinsbegeleiding, zodat kinderen veilig thuis kunnen blijven wonen en "
            "uithuisplaatsing wordt voorkomen."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief",
        "themes": ["van lastig tot gedragsprobleem", "van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["competenties"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o2", "o3"],
        "reach": 260,
        "reach_unit": "gezinnen",
        "budget": 880000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "260 gezinnen; gemiddelde duur 9 maanden.",
        "indicator_usefulness": "Gezinnen geven gemiddeld een 7,6.",
        "indicator_goals": "61% van de behandeldoelen behaald.",
        "indicator_improvement": "Kortere trajecten met duidelijke afschaling naar het wijkteam.",
    },
    {
        "key": "a61",
        "name": "Multisysteemtherapie (MST)",
        "description": (
            "Intensieve behandeling thuis van vier tot zes maanden voor jongeren met ernstig antisociaal "
            "gedrag, waarbij het hele gezin, de school en de buurt worden betrokken."
        ),
        "partner": "jeugdhulp",
        "co_partners": [],
        "contribution": (
            "We doen MST, zodat jongeren met ernstige gedragsproblemen thuis en op school kunnen blijven."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["12-18 jaar"],
        "domains": ["gezin", "kinderopvang/school", "wijk"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief en specialistisch",
        "themes": ["van lastig tot gedragsprobleem"],
        "protective_factors": ["prosociale normen"],
        "erkenning": "effectief volgens goede aanwijzingen",
        "form": "individueel",
        "outcomes": ["o2", "o6"],
        "reach": 24,
        "reach_unit": "gezinnen",
        "budget": 310000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/multisysteemtherapie",
        "areas": [],
        "indicator_reach": "24 gezinnen.",
        "indicator_usefulness": "",
        "indicator_goals": "20 van de 24 jongeren wonen na afloop thuis en gaan naar school.",
        "indicator_improvement": "",
    },
    {
        "key": "a62",
        "name": "Video-interactiebegeleiding (VIB)",
        "description": (
            "Met korte video-opnames van alledaagse situaties krijgen ouders feedback op de interactie met hun kind."
        ),
        "partner": "jeugdhulp",
        "co_partners": ["wijkteam"],
        "contribution": (
            "We doen video-interactiebegeleiding, zodat ouders beter aansluiten bij hun kind en "
            "opvoedproblemen afnemen."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["0-4 jaar", "4-12 jaar"],
        "domains": ["gezin"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["competenties"],
        "erkenning": "effectief volgens eerste aanwijzingen",
        "form": "individueel",
        "outcomes": ["o3"],
        "reach": 80,
        "reach_unit": "gezinnen",
        "budget": 90000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/video-interactiebegeleiding",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a63",
        "name": "Pleegzorg",
        "description": (
            "Werving, screening en begeleiding van pleeggezinnen en pleegkinderen, inclusief verlengde "
            "pleegzorg tot 21 jaar."
        ),
        "partner": "jeugdhulp",
        "co_partners": [],
        "contribution": ("We doen pleegzorg, zodat kinderen die niet thuis kunnen wonen toch in een gezin opgroeien."),
        "prevention_level": "zorggericht",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar", "18-23 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "overname van opvoeding",
        "themes": ["van pedagogische tik tot kindermishandeling"],
        "protective_factors": ["sociale binding", "sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o2"],
        "reach": 38,
        "reach_unit": "kinderen",
        "budget": 720000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a64",
        "name": "Gezinshuis",
        "description": (
            "Kinderen die niet thuis kunnen wonen groeien op in een gezinshuis met professionele "
            "gezinshuisouders, als alternatief voor een leefgroep."
        ),
        "partner": "jeugdhulp",
        "co_partners": [],
        "contribution": (
            "We doen gezinshuizen, zodat kinderen die uit huis geplaatst worden in een gezinssituatie "
            "opgroeien en niet in een leefgroep."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "overname van opvoeding",
        "themes": ["van pedagogische tik tot kindermishandeling", "van lastig tot gedragsprobleem"],
        "protective_factors": ["sociale binding"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o2", "o8"],
        "reach": 14,
        "reach_unit": "kinderen",
        "budget": 650000.0,
        "financing": "inkoop",
        "status": "uitbreiden",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a65",
        "name": "Residentiële behandelgroep",
        "description": (
            "Verblijf met behandeling in een leefgroep buiten de gemeente voor jongeren met ernstige gedragsproblemen."
        ),
        "partner": "jeugdhulp",
        "co_partners": [],
        "contribution": (
            "We doen residentiële behandeling, zodat jongeren die thuis niet veilig of behandelbaar zijn "
            "toch behandeld worden."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["12-18 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "overname van opvoeding",
        "themes": ["van lastig tot gedragsprobleem"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o8"],
        "reach": 9,
        "reach_unit": "jongeren",
        "budget": 900000.0,
        "financing": "inkoop",
        "status": "afbouwen",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "9 jongeren; gemiddelde verblijfsduur 14 maanden.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "Afbouwen ten gunste van gezinshuizen en MST.",
    },
    {
        "key": "a66",
        "name": "Dagbehandeling jonge kind",
        "description": (
            "Behandeling in een groep, drie dagdelen per week, voor kinderen van 2 tot 6 jaar met ernstige "
            "ontwikkelings- of gedragsproblemen."
        ),
        "partner": "jeugdhulp",
        "co_partners": [],
        "contribution": (
            "We doen dagbehandeling voor jonge kinderen, zodat ernstige ontwikkelingsproblemen vroeg worden behandeld."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["0-4 jaar", "4-12 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief en specialistisch",
        "themes": ["van lastig tot gedragsprobleem"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "groep",
        "outcomes": ["o8"],
        "reach": 16,
        "reach_unit": "kinderen",
        "budget": 420000.0,
        "financing": "inkoop",
        "status": "afbouwen",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a67",
        "name": "Crisisinterventie jeugd (24/7)",
        "description": (
            "Bij acute onveiligheid of een crisis is een crisisteam dag en nacht bereikbaar en binnen een "
            "uur ter plaatse."
        ),
        "partner": "jeugdhulp",
        "co_partners": ["politie", "wijkteam"],
        "contribution": "We doen 24-uurs crisisinterventie, zodat kinderen in acute nood direct veilig zijn.",
        "prevention_level": "zorggericht",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief en specialistisch",
        "themes": ["van pedagogische tik tot kindermishandeling"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o2"],
        "reach": 95,
        "reach_unit": "gezinnen",
        "budget": 260000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a68",
        "name": "Jeugdbescherming: ondertoezichtstelling",
        "description": (
            "Een jeugdbeschermer begeleidt gezinnen waarin de kinderrechter een ondertoezichtstelling heeft "
            "uitgesproken, met als doel dat het kind veilig thuis kan opgroeien."
        ),
        "partner": "jeugdhulp",
        "co_partners": ["wijkteam"],
        "contribution": (
            "We doen jeugdbescherming, zodat de ontwikkeling van kinderen bij ernstige zorgen toch veilig is."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["0-4 jaar", "4-12 jaar", "12-18 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief en specialistisch",
        "themes": ["van pedagogische tik tot kindermishandeling"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o2"],
        "reach": 48,
        "reach_unit": "kinderen",
        "budget": 560000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a69",
        "name": "Systeemgerichte aanpak huiselijk geweld",
        "description": (
            "Gezinsbehandeling waarin ouders en kinderen samen werken aan veiligheid en het doorbreken van "
            "geweldspatronen, met een veiligheidsplan."
        ),
        "partner": "jeugdhulp",
        "co_partners": ["wijkteam"],
        "contribution": (
            "We doen een systeemgerichte aanpak bij huiselijk geweld, zodat het geweld stopt en kinderen "
            "veilig thuis opgroeien."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "specialistisch",
        "themes": ["van pedagogische tik tot kindermishandeling"],
        "protective_factors": ["sociale steun"],
        "erkenning": "goed onderbouwd",
        "form": "individueel",
        "outcomes": ["o2"],
        "reach": 40,
        "reach_unit": "gezinnen",
        "budget": 230000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "40 gezinnen.",
        "indicator_usefulness": "",
        "indicator_goals": "Bij 30 van de 40 gezinnen geen nieuwe melding binnen een jaar.",
        "indicator_improvement": "",
    },
    {
        "key": "a70",
        "name": "Logeeropvang en respijtzorg",
        "description": (
            "Kinderen met intensieve zorgvragen logeren periodiek in een logeerhuis, zodat ouders op adem kunnen komen."
        ),
        "partner": "jeugdhulp",
        "co_partners": [],
        "contribution": (
            "We doen logeeropvang, zodat ouders van kinderen met een zware zorgvraag het volhouden en "
            "uithuisplaatsing wordt voorkomen."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["gezin", "vrije tijd"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief",
        "themes": ["van druk kind tot ADHD"],
        "protective_factors": ["sociale steun"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o3"],
        "reach": 30,
        "reach_unit": "kinderen",
        "budget": 170000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a71",
        "name": "Autismebegeleiding",
        "description": (
            "Individuele begeleiding thuis en op school van kinderen met autisme en hun ouders, gericht op "
            "structuur en zelfstandigheid."
        ),
        "partner": "jeugdhulp",
        "co_partners": ["swv"],
        "contribution": (
            "We doen begeleiding bij autisme, zodat kinderen meer zelfstandig worden en ouders de zorg aankunnen."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["gezin", "kinderopvang/school"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief",
        "themes": [],
        "protective_factors": ["competenties"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": [],
        "reach": 65,
        "reach_unit": "kinderen",
        "budget": 340000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a72",
        "name": "Jeugdreclassering",
        "description": (
            "Begeleiding en toezicht bij jongeren die een strafbaar feit hebben gepleegd, op last van de "
            "rechter of op advies van de Raad voor de Kinderbescherming."
        ),
        "partner": "jeugdhulp",
        "co_partners": ["politie"],
        "contribution": "We doen jeugdreclassering, zodat jongeren niet opnieuw in de fout gaan.",
        "prevention_level": "zorggericht",
        "age_bands": ["12-18 jaar", "18-23 jaar"],
        "domains": ["gezin", "wijk"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "intensief en specialistisch",
        "themes": ["van lastig tot gedragsprobleem"],
        "protective_factors": ["prosociale normen"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": [],
        "reach": 28,
        "reach_unit": "jongeren",
        "budget": 210000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a73",
        "name": "Dyslexiezorg (EED)",
        "description": (
            "Diagnostiek en behandeling van ernstige, enkelvoudige dyslexie na een leesdossier van de school."
        ),
        "partner": "jeugdhulp",
        "co_partners": ["swv", "spoor"],
        "contribution": (
            "We doen dyslexiebehandeling, zodat kinderen met ernstige dyslexie kunnen blijven meekomen op school."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["4-12 jaar"],
        "domains": ["kinderopvang/school"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "specialistisch",
        "themes": [],
        "protective_factors": ["cognitieve vaardigheden"],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o6"],
        "reach": 70,
        "reach_unit": "kinderen",
        "budget": 190000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a74",
        "name": "Jeugd-ggz behandeling",
        "description": (
            "Diagnostiek en behandeling van kinderen en jongeren met psychische problemen zoals angst, "
            "depressie of trauma, na verwijzing door huisarts of wijkteam."
        ),
        "partner": "ggz",
        "co_partners": [],
        "contribution": (
            "We doen specialistische ggz-behandeling, zodat kinderen met psychische problemen herstellen en "
            "weer meedoen op school en thuis."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "specialistisch",
        "themes": ["van bang tot angststoornis", "van dip tot depressie"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o1"],
        "reach": 340,
        "reach_unit": "kinderen",
        "budget": 900000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "340 kinderen en jongeren.",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "Wachttijd tot behandeling terugbrengen van 11 naar 6 weken.",
    },
    {
        "key": "a75",
        "name": "Diagnostiek en behandeling ADHD",
        "description": (
            "Onderzoek en behandeling van kinderen met ADHD, met oudertraining, psycho-educatie en zo nodig "
            "medicatie, in afstemming met school."
        ),
        "partner": "ggz",
        "co_partners": ["spoor"],
        "contribution": ("We doen ADHD-behandeling, zodat kinderen met ADHD beter functioneren thuis en op school."),
        "prevention_level": "zorggericht",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["gezin", "kinderopvang/school"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "specialistisch",
        "themes": ["van druk kind tot ADHD"],
        "protective_factors": [],
        "erkenning": "niet beoordeeld",
        "form": "individueel",
        "outcomes": ["o1"],
        "reach": 150,
        "reach_unit": "kinderen",
        "budget": 380000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a76",
        "name": "Denken + Doen = Durven",
        "description": (
            "Cognitieve gedragstherapie in een groep voor kinderen van 8 tot 12 jaar met een angststoornis, "
            "met ouderbijeenkomsten."
        ),
        "partner": "ggz",
        "co_partners": [],
        "contribution": (
            "We doen groepsbehandeling bij angst, zodat kinderen met een angststoornis minder angstig worden."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["4-12 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "specialistisch",
        "themes": ["van bang tot angststoornis"],
        "protective_factors": ["competenties"],
        "erkenning": "effectief volgens eerste aanwijzingen",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 40,
        "reach_unit": "kinderen",
        "budget": 60000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/denken-doen-durven",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a77",
        "name": "Grip op je dip online",
        "description": (
            "Online groepscursus via chat voor jongeren van 16 tot 25 jaar met beginnende depressieve klachten."
        ),
        "partner": "ggz",
        "co_partners": [],
        "contribution": (
            "We doen een online cursus bij somberheid, zodat beginnende depressieve klachten niet verergeren."
        ),
        "prevention_level": "geïndiceerd",
        "age_bands": ["12-18 jaar", "18-23 jaar"],
        "domains": ["online"],
        "tier": "activiteiten bij hulpvragen",
        "po_level": "licht",
        "themes": ["van dip tot depressie"],
        "protective_factors": ["sociale steun", "competenties"],
        "erkenning": "effectief volgens eerste aanwijzingen",
        "form": "groep",
        "outcomes": ["o1"],
        "reach": 45,
        "reach_unit": "jongeren",
        "budget": 14000.0,
        "financing": "inkoop",
        "status": "nieuw",
        "databank_url": "https://www.nji.nl/interventies/grip-op-je-dip-online",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a78",
        "name": "Traumabehandeling (EMDR) voor kinderen",
        "description": (
            "Kortdurende traumabehandeling voor kinderen na een ingrijpende gebeurtenis of huiselijk geweld."
        ),
        "partner": "ggz",
        "co_partners": ["jeugdhulp"],
        "contribution": (
            "We doen traumabehandeling, zodat kinderen na geweld of een schokkende gebeurtenis weer tot rust komen."
        ),
        "prevention_level": "zorggericht",
        "age_bands": ["4-12 jaar", "12-18 jaar"],
        "domains": ["gezin"],
        "tier": "intensieve en gespecialiseerde ondersteuning",
        "po_level": "specialistisch",
        "themes": ["van pedagogische tik tot kindermishandeling", "van bang tot angststoornis"],
        "protective_factors": [],
        "erkenning": "effectief volgens goede aanwijzingen",
        "form": "individueel",
        "outcomes": ["o1", "o2"],
        "reach": 60,
        "reach_unit": "kinderen",
        "budget": 150000.0,
        "financing": "inkoop",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/emdr",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
    {
        "key": "a79",
        "name": "Home-Start",
        "description": (
            "Getrainde vrijwilligers ondersteunen een dagdeel per week gezinnen met jonge kinderen die "
            "tijdelijk een steuntje in de rug nodig hebben."
        ),
        "partner": "homestart",
        "co_partners": ["cjg"],
        "contribution": (
            "We doen Home-Start, zodat ouders zich gesteund voelen en opvoedstress niet uitgroeit tot een "
            "opvoedprobleem."
        ),
        "prevention_level": "selectief",
        "age_bands": ["0-4 jaar", "4-12 jaar"],
        "domains": ["gezin"],
        "tier": "preventieve activiteiten",
        "po_level": "selectief",
        "themes": ["van opvoedingsonzeker tot opvoedprobleem"],
        "protective_factors": ["sociale steun", "sociale binding"],
        "erkenning": "effectief volgens eerste aanwijzingen",
        "form": "individueel",
        "outcomes": ["o3"],
        "reach": 40,
        "reach_unit": "gezinnen",
        "budget": 48000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "https://www.nji.nl/interventies/home-start",
        "areas": [],
        "indicator_reach": "40 gezinnen, 32 actieve vrijwilligers.",
        "indicator_usefulness": "Ouders geven een 8,6.",
        "indicator_goals": "85% van de ouders voelt zich na afloop zekerder in de opvoeding.",
        "indicator_improvement": "",
    },
    {
        "key": "a80",
        "name": "Buddyproject jongvolwassenen",
        "description": (
            "Vrijwillige buddy's worden gekoppeld aan jongeren van 16 tot 23 jaar die uit de jeugdhulp komen "
            "of dreigen uit te vallen op school."
        ),
        "partner": "homestart",
        "co_partners": ["wijkteam"],
        "contribution": (
            "We doen een buddyproject, zodat jongvolwassenen een vertrouwd steunpunt hebben en hun opleiding afmaken."
        ),
        "prevention_level": "selectief",
        "age_bands": ["12-18 jaar", "18-23 jaar"],
        "domains": ["vrije tijd", "wijk"],
        "tier": "preventieve activiteiten",
        "po_level": "selectief",
        "themes": ["van spijbelen tot voortijdig schoolverlaten"],
        "protective_factors": ["sociale steun", "sociale binding"],
        "erkenning": "niet erkend",
        "form": "individueel",
        "outcomes": ["o6"],
        "reach": 30,
        "reach_unit": "jongeren",
        "budget": 25000.0,
        "financing": "subsidie",
        "status": "bestaand",
        "databank_url": "",
        "areas": [],
        "indicator_reach": "",
        "indicator_usefulness": "",
        "indicator_goals": "",
        "indicator_improvement": "",
    },
]


MEMBERS: list[dict[str, Any]] = [
    {
        "key": "m01",
        "name": "Ingrid Verhoeven",
        "partner": "gemeente",
        "role": "coordinator",
        "email": "i.verhoeven@example.nl",
    },
    {
        "key": "m02",
        "name": "Joost van Dam",
        "partner": "gemeente",
        "role": "coordinator",
        "email": "j.vandam@example.nl",
    },
    {
        "key": "m03",
        "name": "Fatima El Amrani",
        "partner": "wijkteam",
        "role": "partner",
        "email": "f.elamrani@example.nl",
    },
    {
        "key": "m04",
        "name": "Ruud Bakker",
        "partner": "cjg",
        "role": "partner",
        "email": "r.bakker@example.nl",
    },
    {
        "key": "m05",
        "name": "Marloes Jansen",
        "partner": "jgz",
        "role": "partner",
        "email": "m.jansen@example.nl",
    },
    {
        "key": "m06",
        "name": "Peter Hoekstra",
        "partner": "spoor",
        "role": "partner",
        "email": "p.hoekstra@example.nl",
    },
    {
        "key": "m07",
        "name": "Annemiek de Graaf",
        "partner": "swv",
        "role": "partner",
        "email": "a.degraaf@example.nl",
    },
    {
        "key": "m08",
        "name": "Linda Smit",
        "partner": "kinderopvang",
        "role": "partner",
        "email": "l.smit@example.nl",
    },
    {
        "key": "m09",
        "name": "Yusuf Demir",
        "partner": "welzijn",
        "role": "partner",
        "email": "y.demir@example.nl",
    },
    {
        "key": "m10",
        "name": "Karin Mulder",
        "partner": "huisartsen",
        "role": "partner",
        "email": "k.mulder@example.nl",
    },
    {
        "key": "m11",
        "name": "Erik Visser",
        "partner": "politie",
        "role": "viewer",
        "email": "e.visser@example.nl",
    },
    {
        "key": "m12",
        "name": "Sanne Kok",
        "partner": "jeugdhulp",
        "role": "partner",
        "email": "s.kok@example.nl",
    },
    {
        "key": "m13",
        "name": "Bas Meijer",
        "partner": "ggz",
        "role": "partner",
        "email": "b.meijer@example.nl",
    },
    {
        "key": "m14",
        "name": "Gerda Postma",
        "partner": "homestart",
        "role": "partner",
        "email": "g.postma@example.nl",
    },
]


DECISIONS: list[str] = [
    (
        "Dubbelingen opheffen: CJG en wijkteam voegen per 1 januari 2028 hun opvoedcursussen samen tot één "
        "aanbod Positief Opvoeden in alle wijken; de twee weerbaarheidstrainingen en de twee "
        "anti-pestaanpakken op basisscholen worden in 2027 op elkaar afgestemd."
    ),
    (
        "Selectief aanbod versterken: CJG, JGZ en Lindeboom Jeugd-ggz ontwikkelen in 2027 een groepsaanbod "
        "voor kinderen van ouders met psychische of verslavingsproblemen (KOPP/KVO), zodat de witte vlek "
        "'van dip tot depressie' in de selectieve preventie wordt gevuld."
    ),
    (
        "Witte vlek middelengebruik: geen enkele activiteit draagt bij aan het resultaat 'Minder jongeren "
        "drinken alcohol of roken'. De GGD doet vóór 1 juli 2027 met jongerenwerk en de VO-scholen een "
        "voorstel voor een preventieaanpak, bijvoorbeeld naar het IJslandse preventiemodel."
    ),
    (
        "Van zwaar naar licht: de residentiële behandelgroep en de dagbehandeling jonge kind worden "
        "afgebouwd; € 300.000 daarvan gaat in 2028 naar POH-jeugd in alle huisartsenpraktijken, gezinshuizen "
        "en het onderwijs-zorgarrangement. De voortgang staat op de agenda van het OOGO met het "
        "samenwerkingsverband."
    ),
]


def check() -> list[str]:
    """Return problems in the data above: unknown labels, references or enum values, duplicate keys."""
    from server.domain.axes import AXES
    from server.domain.schema import (
        FINANCING,
        FORMS,
        OUTCOME_KINDS,
        PARTNER_TYPES,
        REACH_UNITS,
        ROLES,
        STATUSES,
    )

    problems: list[str] = []

    def dupes(what: str, keys: list[str]) -> None:
        for k in sorted({k for k in keys if keys.count(k) > 1}):
            problems.append(f"{what}: duplicate {k!r}")

    slugs = [p["slug"] for p in PARTNERS]
    keys = [o["key"] for o in OUTCOMES]
    dupes("partner", slugs)
    dupes("outcome", keys)
    dupes("activity", [a["key"] for a in ACTIVITIES])
    dupes("member", [m["key"] for m in MEMBERS])
    dupes("activity name", [a["name"] for a in ACTIVITIES])
    for p in PARTNERS:
        if p["type"] not in PARTNER_TYPES:
            problems.append(f"partner {p['slug']}: unknown type {p['type']!r}")
    for o in OUTCOMES:
        if o["kind"] not in OUTCOME_KINDS:
            problems.append(f"outcome {o['key']}: unknown kind {o['kind']!r}")
    for m in MEMBERS:
        if m["partner"] not in slugs:
            problems.append(f"member {m['key']}: unknown partner {m['partner']!r}")
        if m["role"] not in ROLES:
            problems.append(f"member {m['key']}: unknown role {m['role']!r}")
    enums = {"form": FORMS, "financing": FINANCING, "status": STATUSES, "reach_unit": REACH_UNITS}
    for a in ACTIVITIES:
        where = f"activity {a['key']}"
        if not a["name"] or len(a["name"]) > 200:
            problems.append(f"{where}: name empty or too long")
        for text in ("description", "contribution"):
            if len(a[text]) > 4000:
                problems.append(f"{where}: {text} too long")
        for slug in [a["partner"], *a["co_partners"]]:
            if slug not in slugs:
                problems.append(f"{where}: unknown partner {slug!r}")
        for key in a["outcomes"]:
            if key not in keys:
                problems.append(f"{where}: unknown outcome {key!r}")
        for axis in AXES.values():
            value = a[axis.field]
            for label in value if axis.multi else [value]:
                if label not in axis.defaults:
                    problems.append(f"{where}: unknown {axis.key} {label!r}")
        for field, allowed in enums.items():
            if a[field] not in allowed:
                problems.append(f"{where}: unknown {field} {a[field]!r}")
    return problems
