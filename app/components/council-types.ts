// The labels live in the domain (the benchmark report's words use them); components read them from here.
export { COUNCIL_TYPE_LABELS, councilTypeLabel, councilTypeName } from "../domain/council-types";
