import Link from "next/link";

export default function LandingPage() {
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Learn by building. Get every project reviewed.</h1>
        <p className="lead">
          Become a Data Professional or a Full-Stack Developer by building real projects, step by step, with a
          personal trainer who reviews every deliverable.
        </p>
        <p className="actions">
          <Link className="button" href="/tracks">
            See the tracks and prices
          </Link>
          <Link className="button secondary" href="/login">
            Log in
          </Link>
        </p>
      </section>
      <section aria-labelledby="how-title">
        <h2 id="how-title">How it works</h2>
        <ol className="steps-list">
          <li>
            <strong>Pick a track</strong> and pay once — no subscription. Your account is created from your payment and
            a welcome email lets you set your password.
          </li>
          <li>
            <strong>Meet your trainer.</strong> Every student is assigned a trainer who follows at most 20 students per
            track.
          </li>
          <li>
            <strong>Build project by project.</strong> Tick off steps, submit links, repositories, files or write-ups.
          </li>
          <li>
            <strong>Get reviewed.</strong> Your trainer approves your work or asks for a revision with feedback; an
            approved project unlocks the next one.
          </li>
        </ol>
      </section>
    </>
  );
}
