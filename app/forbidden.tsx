// The German 403 page: forbidden() in a layout or page answers with it and HTTP 403. The notice
// names what was refused, from the path proxy.ts passes along.
import Link from 'next/link';
import { headers } from 'next/headers';
import { NoAccess } from './_components/no-access';

export default async function Forbidden() {
  const path = (await headers()).get('x-pathname') ?? '';
  const history = /^\/vorlagen\/([^/]+)\/historie(?:\/|$)/.exec(path);
  if (history?.[1]) {
    return (
      <NoAccess title="Kein Zugriff auf die Historie">
        <p>
          Die Historie mit Prüfung der Hash-Kette steht der SPK, der Berichterstattung und der
          Prüfung offen. Den aktuellen Stand sehen Sie{' '}
          <Link href={`/vorlagen/${history[1]}`}>in der Vorlage</Link>.
        </p>
      </NoAccess>
    );
  }
  return (
    <NoAccess title="Kein Zugriff">
      <p>
        Ihr Amt ist an dieser Vorlage nicht beteiligt. Bitte wenden Sie sich an die federführende
        Stelle oder die SPK.
      </p>
    </NoAccess>
  );
}
