'use client';
// The German error page for unexpected failures: what happened, what to do, a retry. Details stay
// in the server log (the digest lets support find them).
import Link from 'next/link';
import { useEffect } from 'react';

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error ? String(error.digest) : null;
  return (
    <section className="card narrow" aria-labelledby="fehler-titel" role="alert">
      <h1 id="fehler-titel">Etwas ist schiefgegangen</h1>
      <p>
        Die Seite konnte nicht angezeigt werden. Ihre Eingaben in Vorlagen sind davon nicht
        betroffen: Gespeichertes bleibt gespeichert.
      </p>
      <p>Bitte versuchen Sie es erneut. Hilft das nicht, wenden Sie sich an die SPK.</p>
      {digest ? <p className="small muted">Fehlerkennung: {digest}</p> : null}
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={() => retry()}>
          Erneut versuchen
        </button>
        <Link href="/vorlagen">Zur Liste der Vorlagen</Link>
      </div>
    </section>
  );
}
