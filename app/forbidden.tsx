// The German 403 page (forbidden() in a layout or page answers with it and HTTP 403).
import Link from 'next/link';

export default function Forbidden() {
  return (
    <section className="card narrow" aria-labelledby="kein-zugriff">
      <h1 id="kein-zugriff">Kein Zugriff</h1>
      <p>
        Ihr Amt ist an dieser Vorlage nicht beteiligt. Bitte wenden Sie sich an die federführende
        Stelle oder die SPK.
      </p>
      <p>
        <Link href="/vorlagen">Zur Liste der Vorlagen</Link>
      </p>
    </section>
  );
}
