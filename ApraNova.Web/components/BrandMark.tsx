/** ApraNova's mark: a rising star in a rounded square (also the favicon, app/icon.svg). */
export function BrandMark() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#1d4ed8" />
      <path d="M16 5l3.1 7.4 7.9.6-6 5.2 1.9 7.8L16 21.8 9.1 26l1.9-7.8-6-5.2 7.9-.6z" fill="#fff" />
    </svg>
  );
}
