'use client';
// Opens the browser's print dialog (where "Als PDF speichern" is offered).
export function PrintButton() {
  return (
    <button type="button" className="button button--primary" onClick={() => window.print()}>
      Drucken oder als PDF speichern
    </button>
  );
}
