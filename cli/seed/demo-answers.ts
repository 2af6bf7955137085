import type { AnswerValue } from "../../app/domain/answers";
import { allItems, type Instrument, type Item } from "../../app/domain/instrument";
import type { Random } from "./random";

/** A council's underlying position, from which believable, correlated answers are drawn. */
export interface CouncilProfile {
  prescription: number;
  burden: number;
  tech: number;
  trustInCentre: number;
  feltTrusted: number;
}

const TECH_BY_TYPE: Record<string, number> = { UA: 0.3, MD: 0.3, LBO: 0.4, CC: 0.2, CTY: 0.1, NMD: -0.4, SCO: 0, WPA: -0.1, NID: -0.3 };

export function councilProfile(random: Random, councilType: string): CouncilProfile {
  const prescription = 0.5 + 0.8 * random.normal();
  const trustInCentre = -0.2 + 0.9 * random.normal();
  return {
    prescription,
    burden: 0.6 + 0.4 * prescription + 0.7 * random.normal(),
    tech: (TECH_BY_TYPE[councilType] ?? 0) + 0.9 * random.normal(),
    trustInCentre,
    // Councils tend to feel trusted less than they trust: the gap the survey exists to measure.
    feltTrusted: -0.6 + 0.6 * trustInCentre + 0.7 * random.normal(),
  };
}

const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, Math.round(x)));

const FREE_TEXT = [
  "Replace ring-fenced digital grants with multi-year settlements we can plan around.",
  "One assurance regime accepted by every department instead of five overlapping ones.",
  "Let us choose our own platforms when we meet the published outcome standards.",
  "Stop asking for the same data through different returns; collect it once and share it.",
  "A realistic timetable for retiring PSN with funding for the transition.",
  "Trust our cyber assessments rather than adding another audit on top.",
  "Fund shared services properly so that districts can join without a cost penalty.",
  "Consult councils before fixing implementation deadlines for national programmes.",
];

function latentFor(item: Item, profile: CouncilProfile): number {
  const id = item.id;
  if (id.startsWith("PRESC")) return profile.prescription;
  if (id.startsWith("BURDEN")) return profile.burden;
  if (id.startsWith("TECH")) return profile.tech;
  if (id.startsWith("LTC")) return profile.trustInCentre;
  if (id.startsWith("PCT")) return profile.feltTrusted;
  return 0.3 * profile.prescription - 0.2 * profile.trustInCentre;
}

/** One council's full set of answers, drawn from its profile (about 3% "Don't know"). */
export function demoAnswers(instrument: Instrument, profile: CouncilProfile, random: Random): Map<string, AnswerValue> {
  const answers = new Map<string, AnswerValue>();
  for (const item of allItems(instrument)) {
    const latent = (item.reverse ? -1 : 1) * latentFor(item, profile);
    switch (item.scale) {
      case "L5":
        answers.set(item.id, random.chance(0.03) ? "dk" : String(clamp(3 + 1.1 * (latent + 0.7 * random.normal()), 1, 5)));
        break;
      case "M5":
        answers.set(item.id, random.chance(0.03) ? "dk" : String(clamp(2 + 1.1 * (latent + 0.7 * random.normal()), 0, 4)));
        break;
      case "T11":
        answers.set(item.id, random.chance(0.02) ? "dk" : String(clamp(5 + 2 * latent + random.normal(), 0, 10)));
        break;
      case "percent":
        answers.set(item.id, String(clamp(18 + 8 * latent + 6 * random.normal(), 0, 100)));
        break;
      case "integer":
        answers.set(item.id, String(clamp(9 + 3 * latent + 3 * random.normal(), 0, 60)));
        break;
      case "choice": {
        const options = item.options ?? [];
        if (item.showWhen) break; // conditional items are filled in below, when their condition holds
        const index =
          item.id === "TECH8"
            ? weightedIndex(random, [0.55, 0.2, 0.15, 0.1])
            : clamp(((latent + 1.5) / 3) * (options.length - 1) + random.normal() * 0.8, 0, options.length - 1);
        const option = options[index];
        if (option) answers.set(item.id, option.code);
        break;
      }
      case "multi": {
        const codes = (item.options ?? []).map((o) => o.code).filter(() => random.chance(0.35));
        const chosen = codes.slice(0, item.maxChoices ?? codes.length);
        if (chosen.length > 0) answers.set(item.id, chosen);
        break;
      }
      case "text":
        if (random.chance(0.5)) answers.set(item.id, random.pick(FREE_TEXT));
        break;
    }
  }
  for (const item of allItems(instrument)) {
    if (!item.showWhen) continue;
    if (answers.get(item.showWhen.itemId) === item.showWhen.equals) {
      const option = random.pick(item.options ?? []);
      answers.set(item.id, option.code);
    }
  }
  return answers;
}

function weightedIndex(random: Random, weights: number[]): number {
  let r = random.next();
  for (const [index, weight] of weights.entries()) {
    r -= weight;
    if (r < 0) return index;
  }
  return weights.length - 1;
}
