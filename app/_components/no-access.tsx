// The German "no access" notice for pages a role may not open (the data is never loaded).
import Link from 'next/link';
import './no-access.css';

export function NoAccess({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="card narrow no-access" aria-labelledby="kein-zugriff">
      <h1 id="kein-zugriff">{title}</h1>
      {children}
      <p>
        <Link href="/vorlagen">Zur Liste der Vorlagen</Link>
      </p>
    </section>
  );
}
