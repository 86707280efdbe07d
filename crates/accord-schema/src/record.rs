//! The Rust types of one record, field for field as the design brief names them.
//!
//! Doc comments here become the `description`s of the published JSON Schema, which editors show
//! as hover help: write them for a person filling in a record.

use std::borrow::Cow;

use compact_str::CompactString;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// One real-world health-cooperation event between countries and/or organisations: a meeting,
/// an agreement, a joint statement, a donation, a working group. One file per event, under
/// `records/<year>/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Version of the record format this record is written for: `1`. Format 1 only ever gains
    /// optional fields (1.1 added `value`, a source's `language` and `accessed`, and the
    /// `beneficiary` role), so every record written for it stays valid and keeps `1`; a change
    /// that would make a valid record invalid is a new version, which `accord` would read beside
    /// this one and rewrite records to.
    #[schemars(extend("const" = 1))]
    pub schema_version: u64,
    /// Stable identifier: the event date as written at its precision (for a range, its start),
    /// then a short slug, in lowercase a-z, 0-9 and `-`; for example
    /// `2025-05-19-pk-cn-wha-ministers-meeting`. Equals the file name without `.yaml`. Never
    /// changed once merged, even when the date is corrected.
    pub id: RecordId,
    /// One-line English title of the event.
    #[schemars(length(min = 1), regex(pattern = r"^[^\r\n]+$"))]
    pub title: String,
    /// A few neutral English sentences, in the editor's own words, saying what happened.
    #[schemars(length(min = 1))]
    pub summary: String,
    /// When the event happened, at its real precision: `2025`, `2025-05`, `2025-05-19`, or a
    /// range `2025-05-19/2025-05-27` for a multi-day event. `~` (approximate) or `?` (uncertain)
    /// may follow a date. Never padded to a made-up day. Must be quoted in YAML.
    pub date: EventDate,
    /// The primary kind of event.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// The stage the cooperation has reached according to the sources.
    pub status: Status,
    /// The legal instrument, for events of type `agreement` (required there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<Instrument>,
    /// Who took part: two or more distinct countries or organisations.
    #[schemars(length(min = 2))]
    pub parties: Vec<Party>,
    /// Where the event took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Box<Location>>,
    /// Areas of health cooperation the event covers, as ids from
    /// `schema/vocabularies/areas.yaml`.
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    pub areas: Vec<AreaId>,
    /// What the event was worth, as the sources report it: money (an amount in a currency, at a
    /// stage, as a kind of finance) or goods (a quantity in a unit), or both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Box<Valuation>>,
    /// What the parties undertook to do, as reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Commitment>,
    /// The reports this record is based on; at least one.
    #[schemars(length(min = 1))]
    pub sources: Vec<Source>,
    /// Links to other records (a follow-up, a larger programme, a duplicate).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Free labels, as lowercase slugs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub tags: Vec<Tag>,
    /// Editorial notes, for example a discrepancy between sources or with the public record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Set when the record is withdrawn. Merged records are never deleted, they are retracted;
    /// summaries leave retracted records out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Box<Retraction>>,
}

/// Lowercase identifier of a record: its date as written, then a slug.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
#[schemars(extend("pattern" = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?(-[a-z0-9]+)+$"))]
pub struct RecordId(pub CompactString);

/// An event date at its real precision (an EDTF level-1 subset): `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`, optionally followed by `~` (approximate) or `?` (uncertain), or a range of two
/// such dates separated by `/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?[~?]?(/[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?[~?]?)?$"))]
pub struct EventDate(pub CompactString);

/// A calendar date at its real precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"))]
pub struct Date(pub CompactString);

/// A full calendar day: `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"))]
pub struct Day(pub CompactString);

/// An ISO 8601 duration in whole years, months, weeks or days, for example `P30D`, `P6M`, `P1Y`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = r"^P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?$", "minLength" = 3))]
pub struct Duration(pub CompactString);

/// A web address: `https://`, or `http://` where the site has no https version (the linter asks
/// for a reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = r"^https?://[^\s/$.?#][^\s]*$", "format" = "uri"))]
pub struct WebUrl(pub CompactString);

/// A BCP 47 language tag: a language, then optionally a script, a region and variants (`en`,
/// `ur`, `zh-Hans`, `pt-BR`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$"))]
pub struct LanguageTag(pub CompactString);

/// An amount: a decimal written as text, so that no reader rounds it (`"5000000"`, `"2.5"`),
/// with `~` before it for an estimate (`"~5000000"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = r"^~?[0-9]+(\.[0-9]+)?$"))]
pub struct Decimal(pub CompactString);

/// What an event or a commitment is worth, as reported: money, goods, or both. Give `amount`
/// with `currency`, a `quantity`, or at least the source's words (`as_reported`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "dependentRequired" = {"amount": ["currency"], "currency": ["amount"]},
    "anyOf" = [{"required": ["amount"]}, {"required": ["quantity"]}, {"required": ["as_reported"]}]
))]
pub struct Valuation {
    /// How much money, as text: `"5000000"` for five million, `"~5000000"` for an estimate
    /// (which needs `as_reported`). Never rounded or converted: what the source says, in its
    /// currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// The ISO 4217 code of the amount's currency: `USD`, `EUR`, `PKR`, `CNY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<CurrencyCode>,
    /// How far it has gone: `pledged` (promised), `committed` (agreed in a binding form) or
    /// `disbursed` (paid or delivered). Totals never add one stage to another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<FinanceStage>,
    /// The kind of finance: `grant`, `loan`, `in-kind`, `mixed` or `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finance: Option<FinanceKind>,
    /// The source's own words for it, for example "about $5 million"; needed when the amount
    /// is an estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub as_reported: Option<String>,
    /// When it applies (the day of a disbursement), when that differs from the event's date. A
    /// disbursement is not before the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// For goods and services: how many, of what (`count: 500000`, `unit: doses`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
}

/// How much of what, for support in kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// How many, a whole number: `500000`.
    #[schemars(range(min = 1))]
    pub count: u64,
    /// Of what: `doses`, `units`, `tonnes`, `kits`, `beds`, `vehicles`, `people-trained` or
    /// `people-treated`.
    pub unit: Unit,
}

/// The unit of a quantity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Vaccine or medicine doses.
    Doses,
    /// Items of equipment, counted one by one.
    Units,
    /// Metric tonnes of supplies.
    Tonnes,
    /// Kits (test kits, surgical kits).
    Kits,
    /// Hospital beds.
    Beds,
    /// Vehicles, ambulances among them.
    Vehicles,
    /// People trained.
    PeopleTrained,
    /// People treated.
    PeopleTreated,
}

/// The stages of finance' names, in the record format's order (a test checks them against
/// [`FinanceStage`]).
pub const FINANCE_STAGES: &[&str] = &["pledged", "committed", "disbursed"];

/// How far money or goods have gone.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum FinanceStage {
    /// Promised.
    Pledged,
    /// Agreed in a binding form.
    Committed,
    /// Paid or delivered.
    Disbursed,
}

/// The kind of finance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FinanceKind {
    /// Not to be repaid.
    Grant,
    /// To be repaid.
    Loan,
    /// Goods or services rather than money.
    InKind,
    /// More than one of these.
    Mixed,
    /// The sources do not say.
    Unknown,
}

/// A free label: lowercase a-z, 0-9 and single `-` between words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
pub struct Tag(pub CompactString);

/// The event types' names, in the order of the record format (a test checks them against
/// [`EventType`]).
pub const EVENT_TYPES: &[&str] = &[
    "meeting",
    "agreement",
    "joint-statement",
    "visit",
    "donation",
    "programme-launch",
    "working-group",
    "conference",
    "other",
];

/// The primary kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EventType {
    /// Talks between the parties, bilateral or on the sidelines of a larger event.
    Meeting,
    /// A signed instrument: MOU, agreement, treaty, exchange of notes, action plan.
    Agreement,
    /// A statement issued jointly by the parties.
    JointStatement,
    /// An official visit by one party to another.
    Visit,
    /// A gift of money, goods, vaccines or equipment.
    Donation,
    /// The launch of a joint programme or project.
    ProgrammeLaunch,
    /// A standing working group, committee or task force set up or meeting.
    WorkingGroup,
    /// A conference, summit or assembly as a whole.
    Conference,
    /// Anything else; say what in the summary.
    Other,
}

impl EventType {
    /// The type's name as records write it (`joint-statement`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Meeting => "meeting",
            EventType::Agreement => "agreement",
            EventType::JointStatement => "joint-statement",
            EventType::Visit => "visit",
            EventType::Donation => "donation",
            EventType::ProgrammeLaunch => "programme-launch",
            EventType::WorkingGroup => "working-group",
            EventType::Conference => "conference",
            EventType::Other => "other",
        }
    }
}

/// The stage the cooperation has reached according to the sources: `announced` (an intent or a
/// pledge), `signed`, `in-implementation`, `completed`, `stalled`, `cancelled`, or `unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// An intent or a pledge.
    Announced,
    /// An instrument was signed.
    Signed,
    /// Work under it has started.
    InImplementation,
    /// Delivered.
    Completed,
    /// Reported as stalled.
    Stalled,
    /// Reported as cancelled.
    Cancelled,
    /// The sources do not say.
    Unknown,
}

/// The stages' names, in the order of the record format (a test checks them against [`Status`]).
pub const STATUSES: &[&str] = &[
    "announced",
    "signed",
    "in-implementation",
    "completed",
    "stalled",
    "cancelled",
    "unknown",
];

impl Status {
    /// The stage's name as records write it (`in-implementation`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Announced => "announced",
            Status::Signed => "signed",
            Status::InImplementation => "in-implementation",
            Status::Completed => "completed",
            Status::Stalled => "stalled",
            Status::Cancelled => "cancelled",
            Status::Unknown => "unknown",
        }
    }
}

/// A country or organisation taking part. Give exactly one of `country` or `organization`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["country"]}, {"required": ["organization"]}]))]
pub struct Party {
    /// ISO 3166-1 alpha-2 code of the country (`PS` for the State of Palestine, `XK` for Kosovo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// Id of the organisation in `schema/vocabularies/organizations.yaml`, for example `who`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationId>,
    /// The part this party played: `party` (default), `signatory`, `host`, `funder`,
    /// `implementer` or `observer`.
    #[serde(default, skip_serializing_if = "Role::is_default")]
    pub role: Role,
    /// The people who represented the party, as the sources report them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub represented_by: Vec<Representative>,
}

/// The part a party played in the event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Took part.
    #[default]
    Party,
    /// Signed the instrument.
    Signatory,
    /// Hosted the event.
    Host,
    /// Paid for it.
    Funder,
    /// Carries it out.
    Implementer,
    /// Attended without being bound.
    Observer,
    /// Receives the support (a donation's recipient), wherever the event took place.
    Beneficiary,
}

impl Role {
    fn is_default(&self) -> bool {
        *self == Role::Party
    }
}

/// A person who represented a party, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Representative {
    /// The person's name as the source gives it. Leave it out when the source does not name them
    /// ("his Chinese counterpart"); never guess.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub name: Option<String>,
    /// The person's title or office as reported, for example "Federal Minister for Health".
    #[schemars(length(min = 1))]
    pub title: String,
}

/// Where the event took place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// City, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 code of the country the event took place in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// The larger occasion, for example "sidelines of the World Health Assembly".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub occasion: Option<String>,
}

/// The legal instrument of an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// The kind of instrument: `mou`, `agreement`, `treaty`, `exchange-of-notes` or
    /// `action-plan`.
    pub kind: InstrumentKind,
    /// Whether the instrument is legally binding: `yes`, `no` or `unknown` (the default). An MOU
    /// is usually not binding.
    #[serde(default)]
    pub binding: Binding,
}

/// The kind of legal instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InstrumentKind {
    /// Memorandum of understanding.
    Mou,
    /// An agreement.
    Agreement,
    /// A treaty.
    Treaty,
    /// An exchange of notes.
    ExchangeOfNotes,
    /// An action plan.
    ActionPlan,
}

/// Whether an instrument is legally binding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Binding {
    /// Legally binding.
    Yes,
    /// Not legally binding.
    No,
    /// The sources do not say.
    #[default]
    Unknown,
}

/// Something a party undertook to do, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// What was undertaken, as reported.
    #[schemars(length(min = 1))]
    pub text: String,
    /// The parties that undertook it: country codes or organisation ids from `parties`.
    #[schemars(length(min = 1))]
    pub by: Vec<PartyRef>,
    /// When it is due: a date (`2025-10-17`), or `within:` an ISO 8601 duration counted from the
    /// event date (`within: P30D`), from which accord derives the due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    /// What the commitment is worth, as reported (never more than the event's, in the same
    /// currency and stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Box<Valuation>>,
    /// Whether it was kept: `open` (the default), `met`, `missed` or `unknown`.
    #[serde(default)]
    pub status: CommitmentStatus,
}

/// When a commitment is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Due {
    /// A date at its precision.
    Date(Date),
    /// A period counted from the event's (start) date.
    Within {
        /// ISO 8601 duration, for example `P30D` for "within 30 days".
        within: Duration,
    },
}

/// Whether a commitment was kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CommitmentStatus {
    /// Not yet due, or due and not yet reported on.
    #[default]
    Open,
    /// Reported as done.
    Met,
    /// Reported as not done by its due date.
    Missed,
    /// The sources do not say.
    Unknown,
}

/// A report the record is based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The headline or title of the report, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub title: Option<String>,
    /// Who published it: the outlet, ministry or organisation.
    #[schemars(length(min = 1))]
    pub publisher: String,
    /// When it was published, at the precision known. Not before the event's start.
    pub published: Date,
    /// The kind of publisher: `news`, `government`, `multilateral` or `other`.
    pub kind: SourceKind,
    /// Where to read it (`https://`; `http://` only where the site has no https version), when
    /// it is online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<WebUrl>,
    /// An archived copy (`https://`, or `http://`), for example on the Wayback Machine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_url: Option<WebUrl>,
    /// The language the report is written in, as a BCP 47 tag: `en`, `ur`, `zh-Hans`, `pt-BR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageTag>,
    /// The day the editor read it (for a page that may change or go).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<Day>,
    /// Sentences quoted verbatim from the report, each with its speaker.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
}

/// The kind of publisher of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A news outlet.
    News,
    /// A government, ministry or embassy.
    Government,
    /// A multilateral organisation.
    Multilateral,
    /// Anything else.
    Other,
}

/// A sentence quoted verbatim from a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// Who said it, as the source names them.
    #[schemars(length(min = 1))]
    pub speaker: String,
    /// The words exactly as the source prints them.
    #[schemars(length(min = 1))]
    pub text: String,
}

/// A link to another record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// The id of the other record; it must exist.
    pub id: RecordId,
    /// How this record relates to it.
    pub relation: Relation,
}

/// How one record relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// This event follows up on the other.
    FollowUpOf,
    /// This event is part of the other.
    PartOf,
    /// This record replaces the other.
    Supersedes,
    /// This record describes the same event as the other.
    DuplicateOf,
    /// Related in another way.
    Related,
}

/// A retraction: why and when a merged record was withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retraction {
    /// The day it was retracted.
    pub date: Day,
    /// Why it was retracted.
    #[schemars(length(min = 1))]
    pub reason: String,
}

/// Declares a string newtype whose allowed values come from a vocabulary; the schema generator
/// fills its `enum` (see [`crate::schema`]).
macro_rules! vocabulary_string {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub CompactString);

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string" })
            }
        }
    };
}

vocabulary_string!(
    /// An ISO 3166-1 alpha-2 country code, upper case.
    CountryCode
);
vocabulary_string!(
    /// An organisation id from `schema/vocabularies/organizations.yaml`.
    OrganizationId
);
vocabulary_string!(
    /// An area id from `schema/vocabularies/areas.yaml`.
    AreaId
);
vocabulary_string!(
    /// A party named in `parties`: its country code or organisation id.
    PartyRef
);
vocabulary_string!(
    /// An ISO 4217 currency code, upper case.
    CurrencyCode
);

#[cfg(test)]
mod tests {
    use super::{EVENT_TYPES, EventType};

    #[test]
    fn event_type_names_are_the_serde_names_in_record_format_order() {
        let schema = crate::schema::record_schema(crate::Vocabularies::builtin());
        let from_schema: Vec<String> = schema["$defs"]["EventType"]["enum"]
            .as_array()
            .expect("an enum of types")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        assert_eq!(from_schema, EVENT_TYPES);
        for (place, name) in EVENT_TYPES.iter().enumerate() {
            let kind: EventType =
                serde_json::from_value(serde_json::json!(name)).expect("a type name");
            assert_eq!(kind.as_str(), *name);
            // The summaries count by a variant's number, as its place in this list.
            assert_eq!(kind as usize, place, "{name}");
        }
    }
}

#[cfg(test)]
mod names_tests {
    use super::*;

    #[test]
    fn the_finance_stage_names_are_the_serde_names_in_order() {
        let all = [
            FinanceStage::Pledged,
            FinanceStage::Committed,
            FinanceStage::Disbursed,
        ];
        let names: Vec<String> = all
            .iter()
            .map(|s| {
                serde_json::to_value(s)
                    .expect("a name")
                    .as_str()
                    .expect("text")
                    .to_owned()
            })
            .collect();
        assert_eq!(names, FINANCE_STAGES);
    }

    #[test]
    fn the_stage_names_are_the_serde_names_in_order() {
        for (place, name) in STATUSES.iter().enumerate() {
            let status: Status =
                serde_json::from_value(serde_json::Value::String((*name).to_owned()))
                    .expect("a stage");
            assert_eq!(status.as_str(), *name);
            // The summaries count by a variant's number, as its place in this list.
            assert_eq!(status as usize, place, "{name}");
        }
        let all = [
            Status::Announced,
            Status::Signed,
            Status::InImplementation,
            Status::Completed,
            Status::Stalled,
            Status::Cancelled,
            Status::Unknown,
        ];
        assert_eq!(all.map(Status::as_str).as_slice(), STATUSES);
    }
}
