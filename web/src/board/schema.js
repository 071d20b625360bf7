// What the board knows about the domain: axes, field labels and allowed values.
// Mirrors server/domain/axes.py and server/domain/schema.py (the server stays the judge: it validates).

export const AXES = {
  prevention_level: { key: "prevention_level", label: "Preventieniveau", field: "prevention_level", multi: false },
  age_band: { key: "age_band", label: "Leeftijd", field: "age_bands", multi: true },
  domain: { key: "domain", label: "Leefdomein", field: "domains", multi: true },
  tier: { key: "tier", label: "Soort activiteit (3B)", field: "tier", multi: false },
  po_level: { key: "po_level", label: "Niveau Positief Opgroeien", field: "po_level", multi: false },
  theme: { key: "theme", label: "Thema", field: "themes", multi: true },
  protective_factor: {
    key: "protective_factor",
    label: "Beschermende factor",
    field: "protective_factors",
    multi: true,
  },
  erkenning: { key: "erkenning", label: "Erkenning (Databank)", field: "erkenning", multi: false },
};

// Axes a matrix may use that are not value axes: their bands are other objects.
export const DERIVED_AXES = {
  outcomes: { key: "outcomes", label: "Maatschappelijk resultaat", field: "outcomes", multi: true, derived: true },
  partner: { key: "partner", label: "Partner", field: "partner", multi: false, derived: true },
};

export function axisInfo(key) {
  return AXES[key] || DERIVED_AXES[key] || { key, label: key, field: key, multi: false };
}


export const FORMS = ["individueel", "groep", "collectief"];
export const FINANCING = ["inkoop", "subsidie", "eigen middelen"];
export const STATUSES = ["bestaand", "nieuw", "uitbreiden", "afbouwen", "stoppen"];
export const REACH_UNITS = ["kinderen", "jongeren", "ouders", "gezinnen", "professionals"];

export const FIELD_LABELS = {
  name: "Naam",
  description: "Omschrijving",
  partner: "Partner (eigenaar)",
  co_partners: "Medeuitvoerende partners",
  contribution: "Bijdrage (We doen ..., zodat ...)",
  prevention_level: "Preventieniveau",
  age_bands: "Leeftijd",
  domains: "Leefdomeinen",
  tier: "Soort activiteit (3B)",
  po_level: "Niveau Positief Opgroeien",
  themes: "Thema's",
  protective_factors: "Beschermende factoren",
  erkenning: "Erkenning (Databank)",
  form: "Vorm",
  outcomes: "Maatschappelijke resultaten",
  reach: "Bereik (aantal per jaar)",
  reach_unit: "Bereik (wie)",
  budget: "Budget (euro per jaar)",
  financing: "Financiering",
  status: "Status",
  databank_url: "Link naar de Databank",
  areas: "Wijk/gebied (gescheiden door komma's)",
  indicator_reach: "Bereik: wie en hoeveel",
  indicator_usefulness: "Nut: wat vinden deelnemers",
  indicator_goals: "Doelrealisatie",
  indicator_improvement: "Verbetering",
};

export const ROLE_LABELS = { coordinator: "regisseur", partner: "partner", viewer: "kijker" };

// The editor's sections and the control for each field.
// kind: text | textarea | number | url | enum | axis | partner | partners | outcomes | list
export const SECTIONS = [
  {
    title: "Basis",
    fields: [
      { name: "name", kind: "text", required: true, max: 200 },
      { name: "partner", kind: "partner" },
      { name: "status", kind: "enum", options: STATUSES, required: true },
      { name: "description", kind: "textarea", max: 4000 },
      { name: "contribution", kind: "textarea", max: 4000 },
      { name: "co_partners", kind: "partners" },
    ],
  },
  {
    title: "Indeling in de matrix",
    fields: [
      { name: "prevention_level", kind: "axis", axis: "prevention_level" },
      { name: "tier", kind: "axis", axis: "tier" },
      { name: "po_level", kind: "axis", axis: "po_level" },
      { name: "erkenning", kind: "axis", axis: "erkenning" },
      { name: "themes", kind: "axis", axis: "theme" },
      { name: "age_bands", kind: "axis", axis: "age_band" },
      { name: "domains", kind: "axis", axis: "domain" },
      { name: "protective_factors", kind: "axis", axis: "protective_factor" },
      { name: "outcomes", kind: "outcomes" },
    ],
  },
  {
    title: "Bereik en middelen",
    fields: [
      { name: "form", kind: "enum", options: FORMS },
      { name: "reach", kind: "number", integer: true },
      { name: "reach_unit", kind: "enum", options: REACH_UNITS },
      { name: "budget", kind: "number" },
      { name: "financing", kind: "enum", options: FINANCING },
      { name: "areas", kind: "list" },
      { name: "databank_url", kind: "url" },
    ],
  },
  {
    title: "Resultaten (blok 5)",
    fields: [
      { name: "indicator_reach", kind: "textarea", max: 4000 },
      { name: "indicator_usefulness", kind: "textarea", max: 4000 },
      { name: "indicator_goals", kind: "textarea", max: 4000 },
      { name: "indicator_improvement", kind: "textarea", max: 4000 },
    ],
  },
];

export const ACTIVITY_DEFAULTS = {
  name: "",
  description: "",
  partner: null,
  co_partners: [],
  contribution: "",
  prevention_level: null,
  age_bands: [],
  domains: [],
  tier: null,
  po_level: null,
  themes: [],
  protective_factors: [],
  erkenning: null,
  form: null,
  outcomes: [],
  reach: null,
  reach_unit: null,
  budget: null,
  financing: null,
  status: "bestaand",
  databank_url: "",
  areas: [],
  indicator_reach: "",
  indicator_usefulness: "",
  indicator_goals: "",
  indicator_improvement: "",
};

export function capitalize(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}
