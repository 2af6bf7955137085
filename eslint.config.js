import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The layers of docs/architecture.md, enforced: a wrong arrow fails `npm run lint` (and `npm test`).
// Each layer lists what it may NOT import; patterns match relative paths and the `~/` alias alike.
const TOOLS = ["**/cli/**", "**/scripts/**", "**/e2e/**", "./server", "../server", "../../server", "../../../server"];
const ROUTES = ["**/routes/**", "~/routes/**", "**/root", "~/root"];
const COMPONENTS = ["**/components/**", "~/components/**"];
const SERVICES = ["**/services/**", "~/services/**"];
const MODELS = ["**/models/**", "~/models/**"];
const WORKERS = ["**/workers/**", "~/workers/**"];
/** The data layer: db/ (schema, connection, migrations) and the app's handles on it. */
const DATA_LAYER = ["**/db/**"];
const APP_DATABASE = ["**/db.server", "~/db.server"];
const CONFIG = ["**/config.server", "~/config.server"];
const DRIVERS = ["kysely", "better-sqlite3", "pg", "node:*", "@remix-run/*", "react", "react-dom"];

const forbid = (message, ...groups) => ({ group: groups.flat(), message });

/** Kysely query-builder calls: only models and migrations run queries. */
const QUERY_CALLS = ["selectFrom", "insertInto", "updateTable", "deleteFrom", "replaceInto", "mergeInto", "selectNoFrom", "transaction"];
const NO_HTML = { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: "No dangerouslySetInnerHTML: render text, never HTML" };
const NO_QUERIES = {
  selector: `CallExpression[callee.type='MemberExpression'][callee.property.name=/^(${QUERY_CALLS.join("|")})$/]`,
  message: "Queries run only in app/models/*.server.ts (and migrations): call a model function",
};

/** Every redirect in app/ goes through localRedirect, which encodes the target and keeps it on this site. */
const NO_PLAIN_REDIRECT = {
  selector: "ImportDeclaration[source.value=/^@remix-run\\/(node|server-runtime)$/] > ImportSpecifier[imported.name='redirect']",
  message: "Use localRedirect from app/services/request.server: it encodes the target for the Location header and keeps it on this site",
};

const layer = (files, patterns, { queries = false } = {}) => ({
  files,
  ignores: ["**/*.test.ts", "**/*.test.tsx"],
  rules: {
    "no-restricted-imports": ["error", { patterns }],
    "no-restricted-syntax": ["error", NO_HTML, ...(queries ? [] : [NO_QUERIES]), ...(files.some((f) => f.startsWith("app/")) ? [NO_PLAIN_REDIRECT] : [])],
  },
});

export default tseslint.config(
  { ignores: ["build/**", "public/**", "node_modules/**", ".cache/**", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly", document: "readonly", window: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", NO_HTML],
    },
  },
  // Routes: thin. Components, services, domain, and getDb to hand to a service; never a model, db/ or a tool.
  layer(
    ["app/routes/**", "app/root.tsx", "app/entry.client.tsx", "app/entry.server.tsx"],
    [
      forbid("Routes never import models: call a service (app/services)", MODELS),
      forbid("Routes reach the database only through getDb from app/db.server.ts, handed to a service", DATA_LAYER, WORKERS),
      forbid("The app never imports the command-line tools, scripts or tests", TOOLS),
    ],
  ),
  // Components: other components and domain (view types live in app/domain).
  layer(
    ["app/components/**"],
    [
      forbid("Components import only components and domain: move the view type into app/domain", SERVICES, MODELS, ROUTES, WORKERS),
      forbid("Components never reach the database or the configuration", DATA_LAYER, APP_DATABASE, CONFIG),
      forbid("The app never imports the command-line tools, scripts or tests", TOOLS),
    ],
  ),
  // Services (and the worker that runs one): services, models, domain, the data layer.
  layer(
    ["app/services/**", "app/workers/**"],
    [
      forbid("Services never import components or routes: return data, the route renders it", COMPONENTS, ROUTES),
      forbid("The app never imports the command-line tools, scripts or tests", TOOLS),
    ],
  ),
  // Models: other models, domain, the data layer. The database is handed in, never fetched.
  layer(
    ["app/models/**"],
    [
      forbid("Models never import services, components or routes", SERVICES, COMPONENTS, ROUTES, WORKERS),
      forbid("Models take the database as their first argument: never getDb or the configuration", APP_DATABASE, CONFIG),
      forbid("The app never imports the command-line tools, scripts or tests", TOOLS),
    ],
    { queries: true },
  ),
  // Domain: pure. Only other domain modules and pure libraries (zod, d3, stdlib).
  {
    ...layer(
      ["app/domain/**"],
      [
        forbid("app/domain is pure: no services, models, components or routes", SERVICES, MODELS, COMPONENTS, ROUTES, WORKERS),
        forbid("app/domain is pure: no database, not even its types (declare the type in app/domain)", DATA_LAYER, APP_DATABASE, DRIVERS),
        forbid("app/domain is pure: no configuration or environment", CONFIG),
        forbid("The app never imports the command-line tools, scripts or tests", TOOLS),
      ],
    ),
  },
  {
    files: ["app/domain/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "process", message: "app/domain is pure: pass configuration in" }],
      "no-restricted-properties": ["error", { object: "Date", property: "now", message: "app/domain is pure: pass the time in" }],
    },
  },
  // The rest of the app's own modules: the configuration and the database handle.
  layer(
    ["app/config.server.ts", "app/db.server.ts"],
    [
      forbid("The configuration and the database handle import only the data layer and domain", SERVICES, MODELS, COMPONENTS, ROUTES, WORKERS),
      forbid("The app never imports the command-line tools, scripts or tests", TOOLS),
    ],
  ),
  // The data layer: itself only.
  layer(
    ["db/**"],
    [
      forbid("The data layer (db/) imports only itself: no app code", ["**/app/**", "~/**"]),
      forbid("The data layer never imports the command-line tools, scripts or tests", TOOLS),
    ],
  ),
  { files: ["db/migrations/**"], rules: { "no-restricted-syntax": ["error", NO_HTML] } },
  // Tools (cli/, scripts/, server.ts) may import every layer, but run queries through models too.
  layer(["cli/**", "server.ts"], []),
  // The one place that may build a redirect from Remix's own helper.
  { files: ["app/services/request.server.ts"], rules: { "no-restricted-syntax": ["error", NO_HTML, NO_QUERIES] } },
);
