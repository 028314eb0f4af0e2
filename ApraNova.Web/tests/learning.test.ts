import { describe, expect, it } from "vitest";
import { formatAge } from "../lib/format";
import { describeTypes } from "../components/student/DeliverableCard";

describe("formatAge", () => {
  const now = Date.parse("2026-11-26T12:00:00Z");
  it("says how long a submission has waited, in its largest whole unit", () => {
    expect(formatAge("2026-11-26T11:59:40Z", now)).toBe("just now");
    expect(formatAge("2026-11-26T11:55:00Z", now)).toBe("5 minutes ago");
    expect(formatAge("2026-11-26T11:00:00Z", now)).toBe("1 hour ago");
    expect(formatAge("2026-11-23T12:00:00Z", now)).toBe("3 days ago");
    expect(formatAge(null, now)).toBe("—");
    expect(formatAge("not a date", now)).toBe("—");
  });
});

describe("describeTypes", () => {
  it("lists accepted file types as people read them", () => {
    expect(describeTypes([".png"])).toBe(".png");
    expect(describeTypes([".png", ".pdf"])).toBe(".png or .pdf");
    expect(describeTypes([".png", ".jpg", ".pdf"])).toBe(".png, .jpg or .pdf");
  });
});
