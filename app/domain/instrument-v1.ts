import type { InstrumentData } from "./instrument";

// Version 1 of the questionnaire, transcribed from the specification docs/instrument.md. Never edit the meaning of
// an item here once responses exist: add a new version with new ids instead.

const L5 = "L5" as const;
const M5 = "M5" as const;
const T11 = "T11" as const;

export const instrumentV1 = {
  version: 1,
  title: "LocalTrust survey of council technology, prescription and trust",
  intro: "Answer for your council, thinking about the last 12 months.",
  scaleLabels: {
    L5: [
      { code: "1", label: "Strongly disagree" },
      { code: "2", label: "Disagree" },
      { code: "3", label: "Neither agree nor disagree" },
      { code: "4", label: "Agree" },
      { code: "5", label: "Strongly agree" },
      { code: "dk", label: "Don't know" },
    ],
    M5: [
      { code: "0", label: "Not started" },
      { code: "1", label: "Planning" },
      { code: "2", label: "Piloting or partly in place" },
      { code: "3", label: "Mostly in place" },
      { code: "4", label: "Fully embedded" },
      { code: "dk", label: "Don't know" },
    ],
    T11: [
      { code: "0", label: "0 – Not at all" },
      ...["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((code) => ({ code, label: code })),
      { code: "10", label: "10 – Completely" },
      { code: "dk", label: "Don't know" },
    ],
  },
  sections: [
    {
      id: "A",
      slug: "central-prescription",
      title: "Central prescription",
      items: [
        { id: "PRESC1", short: "How, not just outcomes, specified", scale: L5, text: "National policies or programmes specified how we must implement changes, not just the outcomes to achieve." },
        { id: "PRESC2", short: "Systems or suppliers imposed", scale: L5, text: "National digital or technology programmes required specific systems, standards, platforms or suppliers we would not otherwise have chosen." },
        { id: "PRESC3", short: "Funding conditions dictate delivery", scale: L5, text: "Conditions attached to ring-fenced or competitive funding dictated how we deliver services." },
        { id: "PRESC4", short: "Deadlines delay local work", scale: L5, text: "New national requirements came with deadlines we could only meet by delaying planned local work." },
        { id: "PRESC5", short: "Councils consulted first", scale: L5, reverse: true, text: "Central government consulted councils before deciding how national policies would be implemented locally." },
        { id: "PRESC6", short: "Flexibility to adapt", scale: L5, reverse: true, text: "We had enough flexibility to adapt national programmes to local circumstances." },
        {
          id: "PRESC7",
          short: "National mandates implemented",
          scale: "choice",
          text: "Roughly how many distinct national mandates did your IT or digital service have to implement?",
          options: ["0", "1-2", "3-5", "6-10", "11+"].map((code) => ({ code, label: code })),
        },
      ],
    },
    {
      id: "B",
      slug: "audit-and-regulation-load",
      title: "Audit, regulation and performance-management load",
      items: [
        { id: "BURDEN1", short: "Assurance takes capacity", scale: L5, text: "External assurance regimes (for example PSN compliance, the Cyber Assessment Framework, the Data Security and Protection Toolkit, PCI DSS, external audit) take a significant share of my team's capacity." },
        { id: "BURDEN2", short: "Same information asked twice", scale: L5, text: "Different government bodies ask us for the same or similar information more than once." },
        { id: "BURDEN3", short: "Targets distort priorities", scale: L5, text: "Central performance-management requirements distort our local priorities." },
        { id: "BURDEN4", short: "Inspections delay improvement", scale: L5, text: "Preparing for inspections and returns delays improvement work." },
        { id: "BURDEN5", short: "Volume proportionate to risk", scale: L5, reverse: true, text: "The overall volume of audit, inspection and reporting we face is proportionate to the risks involved." },
        { id: "BURDEN6", short: "Useful feedback on data", scale: L5, reverse: true, text: "We get useful feedback or benchmarking back from the data we submit." },
        { id: "BURDEN7", short: "Team time on compliance (%)", scale: "percent", text: "Roughly what percentage of your IT and digital team's time went on external compliance, assurance and reporting?" },
        { id: "BURDEN8", short: "Returns contributed to", scale: "integer", text: "How many separate statutory or central returns did your IT and digital service contribute to?" },
      ],
    },
    {
      id: "C",
      slug: "technology-readiness",
      title: "Technology readiness",
      stem: "How far has your council got with each of these?",
      items: [
        { id: "TECH1", short: "Cloud or SaaS applications", scale: M5, text: "Line-of-business applications running in public cloud or as software-as-a-service." },
        { id: "TECH2", short: "Shared ICT services", scale: M5, text: "Shared ICT services or joint teams with other public bodies." },
        { id: "TECH3", short: "Off PSN, internet-first", scale: M5, text: "Moving off PSN-dependent services to internet-first secure connectivity." },
        { id: "TECH4", short: "Online self-service", scale: M5, text: "End-to-end online self-service for high-volume resident transactions." },
        { id: "TECH5", short: "Back-office automation", scale: M5, text: "Automation of back-office processes (workflow, robotic process automation, integration)." },
        { id: "TECH6", short: "Common data standards and APIs", scale: M5, text: "Common data standards and APIs across council systems." },
        { id: "TECH7", short: "Cyber resilience assessed", scale: M5, text: "Cyber resilience assessed against a recognised framework." },
        {
          id: "TECH8",
          short: "PSN compliance status",
          scale: "choice",
          required: true,
          text: "Current PSN compliance status",
          options: [
            { code: "certified", label: "Certified" },
            { code: "in-progress", label: "In progress" },
            { code: "lapsed", label: "Lapsed" },
            { code: "not-needed", label: "No longer needed" },
          ],
        },
        {
          id: "TECH9",
          short: "Why PSN compliance lapsed",
          scale: "choice",
          required: true,
          text: "Main reason it lapsed",
          showWhen: { itemId: "TECH8", equals: "lapsed" },
          options: [
            { code: "cost", label: "Cost of remediation" },
            { code: "capacity", label: "Staff capacity" },
            { code: "legacy", label: "Legacy systems" },
            { code: "moving-off", label: "Moving off PSN" },
            { code: "other", label: "Other" },
          ],
        },
      ],
    },
    {
      id: "D",
      slug: "trust-in-central-government",
      title: "Local trust in central government",
      items: [
        { id: "LTC1", short: "Trust in central government (0–10)", scale: T11, required: true, headline: true, text: "On a scale from 0 to 10, where 0 is not at all and 10 is completely, how much does your council trust central government departments?" },
        { id: "LTC2", short: "Centre keeps commitments", scale: L5, text: "Central government keeps the commitments it makes to councils." },
        { id: "LTC3", short: "Centre competent to design policy", scale: L5, text: "Central government departments have the competence to design policies that work locally." },
        { id: "LTC4", short: "Centre honest on funding", scale: L5, text: "Central government is honest with councils about funding and timescales." },
        { id: "LTC5", short: "Centre ignores local consequences", scale: L5, reverse: true, text: "Central government makes decisions affecting councils without regard to local consequences." },
        { id: "LTC6", short: "Comfortable raising problems", scale: L5, text: "My council would be comfortable raising emerging problems early and openly with central government." },
      ],
    },
    {
      id: "E",
      slug: "trust-from-central-government",
      title: "Perceived central trust in local government",
      items: [
        { id: "PCT1", short: "Feels trusted by the centre (0–10)", scale: T11, required: true, headline: true, mirrors: "LTC1", text: "On a scale from 0 to 10, where 0 is not at all and 10 is completely, how much do you think central government departments trust your council?" },
        { id: "PCT2", short: "Centre confident we keep commitments", scale: L5, mirrors: "LTC2", text: "Central government is confident my council will keep the commitments it makes." },
        { id: "PCT3", short: "Centre sees us as competent", scale: L5, mirrors: "LTC3", text: "Central government regards my council as competent to decide how national policies are implemented locally." },
        { id: "PCT4", short: "Centre trusts our data", scale: L5, mirrors: "LTC4", text: "Central government trusts the data and returns my council submits." },
        { id: "PCT5", short: "Centre expects misuse of discretion", scale: L5, reverse: true, mirrors: "LTC5", text: "Central government assumes councils will misuse discretion if given it." },
        { id: "PCT6", short: "Centre would give unringfenced funding", scale: L5, mirrors: "LTC6", text: "Central government would be comfortable giving my council funding without ring-fencing or detailed conditions." },
      ],
    },
    {
      id: "F",
      slug: "freedom-to-deliver",
      title: "Freedom to deliver",
      items: [
        { id: "FREE1", short: "Less prescription, lower unit cost", scale: L5, text: "If central prescription were reduced, my council could deliver the same services at a noticeably lower unit cost." },
        {
          id: "FREE2",
          short: "What would cut unit costs",
          scale: "multi",
          text: "Which would do most to cut your unit costs over the next two years?",
          hint: "Choose up to three.",
          maxChoices: 3,
          options: [
            { code: "cloud", label: "Cloud" },
            { code: "shared-services", label: "Shared services" },
            { code: "self-service", label: "Resident self-service" },
            { code: "automation", label: "Automation" },
            { code: "psn-exit", label: "Leaving PSN" },
            { code: "partnerships", label: "Public–private partnerships" },
            { code: "data", label: "Better data sharing" },
          ],
        },
        {
          id: "FREE3",
          short: "Trust over the next 12 months",
          scale: "choice",
          text: "Over the next 12 months, do you expect trust between your council and central government to:",
          options: [
            { code: "improve", label: "Improve" },
            { code: "same", label: "Stay the same" },
            { code: "worsen", label: "Get worse" },
          ],
        },
        { id: "FREE4", short: "One change for more freedom", scale: "text", text: "What one change by central government would most increase your council's freedom to deliver technology-led efficiencies?" },
      ],
    },
  ],
  indices: [
    { code: "PRESC", title: "Central prescription", itemIds: ["PRESC1", "PRESC2", "PRESC3", "PRESC4", "PRESC5", "PRESC6"], minAnswered: 4, description: "Higher means more central prescription." },
    { code: "BURDEN", title: "Audit and reporting load", itemIds: ["BURDEN1", "BURDEN2", "BURDEN3", "BURDEN4", "BURDEN5", "BURDEN6"], minAnswered: 4, description: "Higher means a heavier audit and reporting load." },
    { code: "TECH", title: "Technology readiness", itemIds: ["TECH1", "TECH2", "TECH3", "TECH4", "TECH5", "TECH6", "TECH7"], minAnswered: 5, description: "Higher means more technology readiness." },
    { code: "LTC", title: "Local trust in central government", itemIds: ["LTC2", "LTC3", "LTC4", "LTC5", "LTC6"], minAnswered: 4, description: "Higher means the council trusts the centre more." },
    { code: "PCT", title: "Perceived central trust in local government", itemIds: ["PCT2", "PCT3", "PCT4", "PCT5", "PCT6"], minAnswered: 4, description: "Higher means the council feels more trusted by the centre." },
  ],
} satisfies InstrumentData;
