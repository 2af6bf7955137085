import { expect, test } from "@playwright/test";
import { visit } from "./helpers";

// Open data, no sign-in, no JavaScript needed. The demo's published wave (last year) has
// its first release frozen at start-up; this year's wave is open, so it has none.
const PUBLISHED = String(new Date().getUTCFullYear() - 1);
const OPEN = String(new Date().getUTCFullYear());

test("anonymous readers get /data, the wave page and every file the data package lists; unpublished waves are 404", async ({ page, request }) => {
  test.setTimeout(120_000);
  for (const width of [1024, 320]) {
    await page.setViewportSize({ width, height: 900 });
    expect((await visit(page, "/data"))?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "Open data" })).toBeVisible();
    await expect(page.getByText("Open Government Licence v3.0").first()).toBeVisible();
    expect((await visit(page, `/data/${PUBLISHED}`))?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "The trust gap" })).toBeVisible();
    // Charts, each with its data table: the indices and the gap drawn from the release, response rates by type and nation.
    for (const name of [
      "Index means with 95% confidence intervals",
      "Trust gap (LTC − PCT) with its 95% confidence interval",
      "Response rate by council type",
      "Response rate by nation",
    ]) {
      await expect(page.getByRole("img", { name: new RegExp(`^${name.replace(/[()]/g, "\\$&")}`) })).toBeVisible();
    }
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".app-table-container"))
        .map((e) => `${e.tagName}.${e.className}`)
        .slice(0, 5),
    );
    // Nothing outside a table's own scrolling box reaches past the viewport.
    expect(wide, `no sideways scrolling at ${width}px`).toEqual([]);
    await page.screenshot({ path: `test-results/open-data-${width}.png`, fullPage: true });
  }

  const pkg = await request.get(`/data/${PUBLISHED}/datapackage.json`);
  expect(pkg.status()).toBe(200);
  const descriptor = (await pkg.json()) as { resources: { path: string; schema: { fields: { name: string }[] } }[] };
  for (const resource of descriptor.resources) {
    const file = await request.get(`/data/${PUBLISHED}/${resource.path}`);
    expect(file.status(), resource.path).toBe(200);
    const header = (await file.text()).split("\r\n")[0];
    expect(header, resource.path).toBe(resource.schema.fields.map((f) => f.name).join(","));
    expect((await request.get(`/data/${PUBLISHED}/${resource.path}-metadata.json`)).status()).toBe(200);
  }
  // Every index the release shows as a number is a dot on the chart; a [c] index is written, not drawn.
  const indicesCsv = (await (await request.get(`/data/${PUBLISHED}/indices.csv`)).text())
    .split("\r\n")
    .slice(1)
    .map((l) => l.split(","));
  const shownIndices = indicesCsv.filter((r) => r[0] === "all" && ["PRESC", "BURDEN", "TECH", "LTC", "PCT"].includes(r[2]!) && r[4] !== "[c]");
  await visit(page, `/data/${PUBLISHED}`);
  expect(await page.locator('[data-chart="open-indices"] svg circle').count()).toBe(shownIndices.length);

  const ods = await request.get(`/data/${PUBLISHED}/spreadsheet.ods`);
  expect(ods.status()).toBe(200);
  expect(ods.headers()["content-type"]).toBe("application/vnd.oasis.opendocument.spreadsheet");
  expect((await request.get(`/data/${PUBLISHED}/releases/1/indices.csv`)).status()).toBe(200);

  for (const path of [`/data/${OPEN}`, `/data/${OPEN}/datapackage.json`, `/data/${OPEN}/releases/1/indices.csv`, `/data/${PUBLISHED}/microdata.csv`]) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
});
