import js from "@eslint/js";
import tseslint from "typescript-eslint";

const noInnerHtml = { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: "No dangerouslySetInnerHTML: render text, never HTML" };

export default tseslint.config(
  { ignores: ["build/**", "public/**", "node_modules/**", ".cache/**", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly", document: "readonly", window: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", noInnerHtml],
    },
  },
  {
    // Every redirect goes through localRedirect, which encodes the target (issue 10, finding 3).
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["app/services/request.server.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        noInnerHtml,
        {
          selector: "ImportDeclaration[source.value=/^@remix-run\\/(node|server-runtime)$/] > ImportSpecifier[imported.name='redirect']",
          message: "Use localRedirect from app/services/request.server: it encodes the target for the Location header and keeps it on this site",
        },
      ],
    },
  },
);
