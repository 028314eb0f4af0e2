import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ActionStatus, Field, SubmitButton, SubmitForm } from "../components/Form";
import { IDLE, type Action, type ActionState } from "../lib/useAction";

function action(state: Partial<ActionState>, ready = true): Action {
  return { ...IDLE, ...state, ready, run: () => Promise.resolve({ ok: false }) };
}

function form(state: Action) {
  return renderToStaticMarkup(
    <SubmitForm action={state} send={() => Promise.resolve()}>
      <Field label="Email" name="email" />
      <Field label="Password" name="password" />
      <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
    </SubmitForm>,
  );
}

describe("SubmitForm (the one shape of a form page)", () => {
  it("puts each api message under its own field and marks only that field invalid", () => {
    const html = form(action({ error: "Please correct the highlighted fields.", fieldErrors: { password: ["Too short."] } }));
    expect(html).toContain('role="alert"');
    expect(html).toContain("Please correct the highlighted fields.");
    const [email, password] = html.split("<label").slice(1);
    expect(email).not.toContain("aria-invalid");
    expect(password).toContain('aria-invalid="true"');
    expect(password).toContain("<li>Too short.</li>");
  });

  it("shows messages about no field in particular at the top", () => {
    const html = form(action({ error: "Request failed (400).", fieldErrors: { _form: ["The request body is empty."] } }));
    expect(html.indexOf("The request body is empty.")).toBeLessThan(html.indexOf("<label"));
  });

  it("keeps the submit button disabled until hydrated and while sending, with the pending words", () => {
    expect(form(action({}, false))).toMatch(/<button type="submit" disabled="">Save<\/button>/);
    expect(form(action({ pending: true }))).toMatch(/<button type="submit" disabled="">Saving…<\/button>/);
    expect(form(action({}))).toMatch(/<button type="submit">Save<\/button>/);
  });

  it("shows the success words", () => {
    const html = form(action({ success: "Saved." }));
    expect(html).toContain('<p class="alert alert-ok" role="status">Saved.</p>');
  });
});

describe("ActionStatus (a staff action beside its button)", () => {
  it("says what went right, or what failed with the api's reasons", () => {
    expect(renderToStaticMarkup(<ActionStatus state={{ ...IDLE, success: "Role changed to trainer." }} />)).toBe(
      '<p class="muted" role="status">Role changed to trainer.</p>',
    );
    const failed = { ...IDLE, error: "Please correct the highlighted fields.", fieldErrors: { role: ["Only a superadmin makes admins."] } };
    expect(renderToStaticMarkup(<ActionStatus state={failed} />)).toBe('<p class="field-error" role="alert">Only a superadmin makes admins.</p>');
    expect(renderToStaticMarkup(<ActionStatus state={{ ...IDLE, error: "The api is unreachable" }} />)).toContain("The api is unreachable");
    expect(renderToStaticMarkup(<ActionStatus state={IDLE} />)).toBe("");
  });
});
