"use client";

import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { useAuth } from "@/components/AuthProvider";
import { SubmitButton, SubmitForm } from "@/components/Form";
import { Loaded } from "@/components/Status";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatPrice } from "@/lib/format";
import type { CheckoutRequest, CheckoutResponse, TrackSummary } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

/** Picks a track, asks the api for a Stripe Checkout session and goes to Stripe's page. */
export function CheckoutForm() {
  const params = useSearchParams();
  const auth = useAuth();
  const tracks = useApiData<TrackSummary[]>(apiRoutes.tracks);
  const action = useAction();
  const [chosen, setChosen] = useState<string | null>(params.get("track")?.toUpperCase() ?? null);
  const [changing, setChanging] = useState(false);

  return (
    <Loaded state={tracks} label="Loading the tracks…">
      {(list) => {
        const preselected = list.find((t) => t.code === chosen);
        const selected = preselected?.code ?? list[0]?.code ?? "";
        return (
          <SubmitForm
            action={action}
            send={() => api.post<CheckoutResponse>(apiRoutes.payments.checkout, { trackCode: selected } satisfies CheckoutRequest)}
            // Stripe's hosted page (or the local fake in development) takes the payment and the email.
            onDone={(session) => window.location.assign(session.url)}
          >
            {preselected && !changing ? (
              <div className="card">
                <h2>{preselected.name}</h2>
                <p className="price">
                  {formatPrice(preselected.priceCents, preselected.currency)} <span className="muted">one-time</span>
                </p>
                <p>
                  <button type="button" className="linklike" onClick={() => setChanging(true)}>
                    Choose another track
                  </button>
                </p>
              </div>
            ) : (
            <fieldset className="field">
              <legend>Track</legend>
              {list.map((track) => (
                <label key={track.code} className="choice">
                  <input
                    type="radio"
                    name="trackCode"
                    value={track.code}
                    checked={selected === track.code}
                    onChange={() => setChosen(track.code)}
                  />{" "}
                  {track.name} — {formatPrice(track.priceCents, track.currency)}
                </label>
              ))}
              {action.fieldErrors.trackCode ? <p className="field-error">{action.fieldErrors.trackCode.join(" ")}</p> : null}
            </fieldset>
            )}
            <p>
              {auth.status === "authenticated"
                ? `You will pay as ${auth.user.email}; the track is added to this account.`
                : "You will enter your email on the payment page; we create your account from it and email you a link to set your password."}
            </p>
            <p className="actions">
              {/* Not before the session is known: a click then would start the checkout as a visitor. */}
              <SubmitButton pendingLabel="Opening the payment page…" disabled={!selected || auth.status === "loading"}>
                Continue to payment
              </SubmitButton>
            </p>
          </SubmitForm>
        );
      }}
    </Loaded>
  );
}
