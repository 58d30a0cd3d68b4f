// The German 404 page for every route without its own.
import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="card narrow" aria-labelledby="nicht-gefunden">
      <h1 id="nicht-gefunden">Seite nicht gefunden</h1>
      <p>
        Diese Seite oder Vorlage gibt es nicht (mehr). Vielleicht wurde ein Link falsch kopiert oder
        die Vorlage hat eine andere Kennung.
      </p>
      <p>
        <Link href="/vorlagen">Zur Liste der Vorlagen</Link>
      </p>
    </section>
  );
}
