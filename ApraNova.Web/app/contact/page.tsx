import type { Metadata } from "next";
import { CONTACT_EMAIL } from "@/lib/content/policies";

export const metadata: Metadata = { title: "Contact" };

export default function ContactPage() {
  return (
    <article>
      <h1>Contact</h1>
      <p>
        Questions about a track, a payment or a refund: write to <a href={`mailto:${CONTACT_EMAIL}`}>{CONTACT_EMAIL}</a>. We answer within one working day.
      </p>
      <p>Students: questions about a deliverable go fastest to your trainer, in the messages beside your submission.</p>
    </article>
  );
}
