"use client";

import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { useAuth } from "@/components/AuthProvider";
import { FormAlert } from "@/components/Form";
import { ErrorMessage, Loading } from "@/components/Status";
import { api } from "@/lib/api";
import { formatPrice, type TrackSummary } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";
import { useSubmit } from "@/lib/useSubmit";

interface CheckoutResponse {
  url: string;
  sessionId: string;
}

/** Picks a track, asks the api for a Stripe Checkout session and goes to Stripe's page. */
export function CheckoutForm() {
  const params = useSearchParams();
  const auth = useAuth();
  const tracks = useApiData<TrackSummary[]>("/api/tracks");
  const submit = useSubmit();
  const [chosen, setChosen] = useState<string | null>(params.get("track"));

  if (tracks.loading) return <Loading label="Loading the tracks…" />;
  if (tracks.error || !tracks.data) return <ErrorMessage error={tracks.error} onRetry={tracks.reload} />;
  const selected = chosen ?? tracks.data[0]?.code ?? "";

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const session = await submit.run(() => api.post<CheckoutResponse>("/api/payments/checkout", { trackCode: selected }));
    // Stripe's hosted page (or the local fake in development) takes the payment and the email.
    if (session) window.location.assign(session.url);
  }

  return (
    <form className="form" onSubmit={onSubmit}>
      <FormAlert message={submit.message} errors={submit.fieldErrors} />
      <fieldset className="field">
        <legend>Track</legend>
        {tracks.data.map((track) => (
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
        {submit.fieldErrors.trackCode ? <p className="field-error">{submit.fieldErrors.trackCode.join(" ")}</p> : null}
      </fieldset>
      <p>
        {auth.status === "authenticated"
          ? `You will pay as ${auth.user.email}; the track is added to this account.`
          : "You will enter your email on the payment page; we create your account from it and email you a link to set your password."}
      </p>
      <p className="actions">
        <button type="submit" disabled={submit.pending || !selected}>
          {submit.pending ? "Opening the payment page…" : "Continue to payment"}
        </button>
      </p>
    </form>
  );
}
