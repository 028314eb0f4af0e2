// Site-wide words the public pages share: the refund policy and the questions buyers ask.

export const REFUND_POLICY = [
  "Full refund within 14 days of payment, as long as no deliverable has been approved yet.",
  "After that, or once your first deliverable is approved, the fee is not refundable: your trainer's reviews are the service.",
  "Ask for a refund from the contact page; it reaches you on the card you paid with within 5–10 business days, and your access ends when it is issued.",
];

export const FAQ: { question: string; answer: string }[] = [
  { question: "Is this a subscription?", answer: "No. You pay once for the whole track, with no time limit while your enrollment is active." },
  {
    question: "Who reviews my work?",
    answer: "A personal trainer who works in the field. Each trainer follows at most 20 students per track, so reviews usually come within two working days.",
  },
  {
    question: "What happens if my work is not good enough yet?",
    answer: "Your trainer asks for a revision with written feedback and a checklist of what is met. You change it and resubmit, as many times as needed.",
  },
  { question: "Do I get a certificate?", answer: "Yes. When your last project is approved you get a certificate with a public page and a PDF that anyone can verify with its code." },
  { question: "Can I switch tracks?", answer: "You follow one track at a time. Write to us and we will move you or refund you under the refund policy." },
];

export const CONTACT_EMAIL = "support@apranova.app";
