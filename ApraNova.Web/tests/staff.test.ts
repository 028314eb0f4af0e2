import { describe, expect, it } from "vitest";
import { formatHours } from "../components/support/TicketLabels";
import { chosenFiles } from "../components/support/TicketThreadView";

describe("support helpers", () => {
  it("writes durations the way people say them", () => {
    expect(formatHours(null)).toBe("—");
    expect(formatHours(0.5)).toBe("30 min");
    expect(formatHours(2)).toBe("2 h");
    expect(formatHours(2.5)).toBe("2 h 30 min");
    expect(formatHours(72)).toBe("3.0 days");
  });

  it("takes only real files from the form and at most five", () => {
    const form = new FormData();
    form.append("attachments", new File(["x"], "a.pdf"));
    form.append("attachments", new File([], "empty.pdf"));
    expect(chosenFiles(form).map((f) => f.name)).toEqual(["a.pdf"]);
    for (let i = 0; i < 5; i++) form.append("attachments", new File(["x"], `${i}.pdf`));
    expect(() => chosenFiles(form)).toThrow();
  });
});
