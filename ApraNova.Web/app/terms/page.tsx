import type { Metadata } from "next";

export const metadata: Metadata = { title: "Terms of service" };

export default function TermsPage() {
  return (
    <article>
      <h1>Terms of service</h1>
      <p>ApraNova sells access to learning tracks: guided projects whose deliverables a trainer reviews.</p>
      <h2>Your enrollment</h2>
      <p>One payment gives one person access to one track while the enrollment is active. Accounts are personal and may not be shared.</p>
      <h2>Your work</h2>
      <p>What you hand in stays yours. You let your trainer and our staff read it to review it, and keep it as the record of your review.</p>
      <h2>Conduct</h2>
      <p>Hand in your own work. Plagiarism ends the enrollment without a refund.</p>
      <h2>Refunds</h2>
      <p>See the refund policy.</p>
    </article>
  );
}
