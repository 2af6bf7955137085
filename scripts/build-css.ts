// Compiles GOV.UK Frontend from its Sass with the app's settings, and copies the few assets and the
// GOV.UK Frontend JavaScript module the pages use. Run by `npm run build`.
import fs from "node:fs";
import path from "node:path";
import * as sass from "sass";

const root = process.cwd();
const govuk = path.join(root, "node_modules/govuk-frontend/dist/govuk");
const out = path.join(root, "public/assets");
fs.mkdirSync(out, { recursive: true });

const result = sass.compile(path.join(root, "app/styles/main.scss"), {
  loadPaths: [path.join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
if (result.css.includes("GDS Transport")) throw new Error("The CSS still refers to GDS Transport: check $govuk-font-family");
fs.writeFileSync(path.join(out, "main.css"), result.css);

fs.copyFileSync(path.join(govuk, "govuk-frontend.min.js"), path.join(out, "govuk-frontend.min.js"));
console.log(`css: public/assets/main.css ${(result.css.length / 1024).toFixed(1)} KiB`);
