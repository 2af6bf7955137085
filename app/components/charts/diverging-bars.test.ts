import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { COLLAPSED_CODES, scaleDistributionOfCounts } from "../../domain/distributions";
import { getInstrument } from "../../domain/instruments";
import { DivergingBars } from "./diverging-bars";

// A row in three categories (decision 062) is drawn with three segments and its table shows each
// category's count once: the first column of a merged pair holds it, the second says "with the previous".
describe("diverging bars with a collapsed row", () => {
  it("shows the three categories' counts once each and says so", () => {
    const labels = getInstrument(1).scaleLabels.L5;
    const collapsed = scaleDistributionOfCounts({ lower: 7, middle: 10, upper: 20, dk: 0 }, [...COLLAPSED_CODES, "dk"]);
    const html = renderToStaticMarkup(
      createElement(DivergingBars, {
        id: "t",
        title: "Answers",
        labels,
        rows: [{ itemId: "PRESC1", short: "Short label", text: "Question", distribution: collapsed }],
      }),
    );
    const cells = [...html.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(["7 (19%)", "with the previous", "10 (27%)", "20 (54%)", "with the previous", "0"]);
    expect(html).toContain("shown in three groups");
    // The collapsed row (the first, at TOP = 76) is drawn as three segments, not five.
    expect(html.match(/<rect[^>]*y="94"/g)?.length).toBe(3);
  });
});
