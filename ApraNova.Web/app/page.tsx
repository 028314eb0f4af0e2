export default function LandingPage() {
  return (
    <main>
      <h1>ApraNova</h1>
      <p>
        Become a Data Professional or a Full-Stack Developer by building real projects, step by step,
        with a personal trainer who reviews every deliverable.
      </p>
    </main>
  );
}
