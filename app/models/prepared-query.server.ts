import { CompiledQuery, type Compilable, type QueryResult } from "kysely";
import type { Db } from "./db-types";

/** Stands in for one named value while the query is built, and marks where that value goes. */
class Slot {
  constructor(readonly name: string) {}
}

interface Plan {
  sql: string;
  /** Each parameter of the compiled SQL: the name of the value that fills it, or a constant. */
  parameters: (Slot | { constant: unknown })[];
}

/**
 * A query that Kysely builds and compiles once per database (SQLite or PostgreSQL, per open
 * handle), then runs with each call's values. Kysely otherwise rebuilds and recompiles the query
 * tree on every call, about a tenth of the app's time under submissions
 * (docs/decisions/024-prepared-queries.md). Used for the queries every save and submit runs.
 *
 * `build` gets stand-ins for the values and must use each only as a value (compared with,
 * inserted, set), never branch or compute on it: the first run checks that every value it read
 * reached the SQL as a parameter. The stand-ins have the keys of the first call's values, so a
 * whole row can be passed on (`values(v)`, `{ ...v }`); every call must then give the same keys,
 * and a value that is undefined is refused (Kysely would have left its column out).
 */
export function preparedQuery<Values extends object, Row>(build: (db: Db, values: Values) => Compilable<Row>) {
  // Keyed by the handle's adapter: a transaction shares its database's adapter and SQL dialect.
  const plans = new WeakMap<object, Plan>();
  return async (db: Db, values: Values): Promise<QueryResult<Row>> => {
    const adapter = db.getExecutor().adapter;
    let plan = plans.get(adapter);
    if (!plan) {
      plan = compile(db, build, Object.keys(values));
      plans.set(adapter, plan);
    }
    const parameters = plan.parameters.map((p) => (p instanceof Slot ? valueOf(values, p.name) : p.constant));
    return db.executeQuery(CompiledQuery.raw(plan.sql, parameters) as CompiledQuery<Row>);
  };
}

function valueOf(values: object, name: string): unknown {
  const value = (values as Record<string, unknown>)[name];
  if (value === undefined) throw new Error(`preparedQuery: no value for "${name}" (use null for none)`);
  return value;
}

function compile<Values extends object, Row>(db: Db, build: (db: Db, values: Values) => Compilable<Row>, keys: string[]): Plan {
  const read = new Map<string, Slot>();
  const standIns = new Proxy({} as Values, {
    get: (_, name) => {
      if (typeof name !== "string") return undefined;
      if (!read.has(name)) read.set(name, new Slot(name));
      return read.get(name);
    },
    ownKeys: () => keys,
    getOwnPropertyDescriptor: (_, name) => (typeof name === "string" && keys.includes(name) ? { enumerable: true, configurable: true } : undefined),
  });
  const compiled = build(db, standIns).compile();
  const parameters = compiled.parameters.map((p) => (p instanceof Slot ? p : { constant: p }));
  for (const slot of read.values()) {
    if (!parameters.includes(slot)) throw new Error(`preparedQuery: "${slot.name}" was read but does not reach the SQL as a value`);
  }
  return { sql: compiled.sql, parameters };
}

/** The first row of a prepared query's result, or undefined (as Kysely's executeTakeFirst). */
export async function firstRow<Row>(result: Promise<QueryResult<Row>>): Promise<Row | undefined> {
  return (await result).rows[0];
}

/** How many rows a prepared insert, update or delete changed. */
export async function changedRows(result: Promise<QueryResult<unknown>>): Promise<number> {
  return Number((await result).numAffectedRows ?? 0);
}
