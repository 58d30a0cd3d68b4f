// The German 403 page: forbidden() in a layout or page answers with it and HTTP 403. The notice
// names what was refused, from the path proxy.ts passes along.
import type { ReactNode } from 'react';
import Link from 'next/link';
import { headers } from 'next/headers';
import { NoAccess } from './_components/no-access';
import { currentUser } from './_lib/auth';

export default async function Forbidden() {
  const path = (await headers()).get('x-pathname') ?? '';
  const vorlageHistory = /^\/vorlagen\/([^/]+)\/historie(?:\/|$)/.exec(path);
  if (vorlageHistory?.[1]) {
    return (
      <NoAccess title="Kein Zugriff auf die Historie">
        <p>
          {HISTORY_IS_FOR} Den aktuellen Stand sehen Sie{' '}
          <Link href={`/vorlagen/${vorlageHistory[1]}`}>in der Vorlage</Link>.
        </p>
      </NoAccess>
    );
  }
  if (/^\/historie\/?$/.test(path)) {
    return <NoAccess title="Kein Zugriff auf die Historie">{<p>{HISTORY_IS_FOR}</p>}</NoAccess>;
  }
  const role = (await currentUser())?.role;
  if (/^\/uebersicht\/?$/.test(path)) return <OverviewRefused role={role} />;
  if (/^\/eingang\/?$/.test(path)) return <InboxRefused role={role} />;
  if (/^\/verwaltung(?:\/|$)/.test(path)) {
    return (
      <NoAccess title="Kein Zugriff auf die Verwaltung">
        <p>
          Benutzerkonten, Ämter und Vertretungen verwaltet nur, wer die Rolle „Administration“ hat.
          Bitte wenden Sie sich an die Administration Ihres Bezirksamts.
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

const HISTORY_IS_FOR =
  'Die Historie mit Prüfung der Hash-Kette steht der SPK, der Berichterstattung und der Prüfung offen.';

function OverviewRefused({ role }: { role: string | undefined }): ReactNode {
  return (
    <NoAccess title="Kein Zugriff auf die Übersicht">
      <p>
        Die Übersicht aller Vorlagen und Mitzeichnungen ist der Sozialraumorientierten
        Planungskoordination (SPK) vorbehalten. Ihre Vorlagen finden Sie in der Liste der Vorlagen
        {role === 'member' || role === 'signer' ? ', was auf Ihr Amt wartet im Eingang' : ''}.
      </p>
    </NoAccess>
  );
}

function InboxRefused({ role }: { role: string | undefined }): ReactNode {
  return (
    <NoAccess title="Kein Eingang für Ihre Rolle">
      <p>
        Der Eingang zeigt, was auf die Mitzeichnung eines Amtes wartet. Ihre Rolle zeichnet nicht
        für ein Amt.{' '}
        {role === 'coordination' ? (
          <>
            Den Stand aller Mitzeichnungen sehen Sie in der{' '}
            <Link href="/uebersicht">Übersicht</Link>.
          </>
        ) : null}
      </p>
    </NoAccess>
  );
}
