import type { Metadata } from "next";

export const metadata: Metadata = { title: "Privacy" };

export default function PrivacyPage() {
  return (
    <article>
      <h1>Privacy</h1>
      <p>We keep what we need to teach you and to be paid: your name, email, the work you hand in, your trainer&apos;s reviews and your payments.</p>
      <ul>
        <li>Card details go to Stripe, our payment provider; we never see or store them.</li>
        <li>Your work is visible to you, your trainer and our staff only. A certificate page is public only because you completed a track, and shows just your name, the track and the date.</li>
        <li>Emails tell you about your reviews and projects; you choose which ones in your notification settings.</li>
        <li>Ask us to export or delete your data from the contact page.</li>
      </ul>
    </article>
  );
}
