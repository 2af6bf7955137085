import { loadInstrument, type Instrument } from "./instrument";
import { instrumentV1 } from "./instrument-v1";

// Every version ever fielded stays here: a stored response is read with the instrument version
// it answered, never with the current one.
const RAW_INSTRUMENTS: ReadonlyMap<number, unknown> = new Map([[1, instrumentV1]]);

export const CURRENT_INSTRUMENT_VERSION = 1;

const loaded = new Map<number, Instrument>();

/** The validated instrument of this version, loaded once and cached; throws for an unknown version. */
export function getInstrument(version: number): Instrument {
  const cached = loaded.get(version);
  if (cached) return cached;
  const raw = RAW_INSTRUMENTS.get(version);
  if (raw === undefined) throw new Error(`There is no instrument version ${version}`);
  const instrument = loadInstrument(raw);
  if (instrument.version !== version) {
    throw new Error(`Instrument registered as version ${version} says it is version ${instrument.version}`);
  }
  loaded.set(version, instrument);
  return instrument;
}

/** The instrument new responses answer: getInstrument(CURRENT_INSTRUMENT_VERSION). */
export function getCurrentInstrument(): Instrument {
  return getInstrument(CURRENT_INSTRUMENT_VERSION);
}

/** Every known instrument version, oldest first. */
export function listInstrumentVersions(): number[] {
  return [...RAW_INSTRUMENTS.keys()].sort((a, b) => a - b);
}

/** The instrument's definition as written (before loading), for storing in instrument_versions; throws for an unknown version. */
export function getInstrumentDefinition(version: number): unknown {
  const raw = RAW_INSTRUMENTS.get(version);
  if (raw === undefined) throw new Error(`There is no instrument version ${version}`);
  return raw;
}
