// Issues the short-lived token the browser needs to open the Vorlage's collab connection. The mode
// follows the domain: `rw` only while this user may edit the text now, `ro` for every other reader.
import { MAX_TOKEN_LIFETIME_SECONDS, signCollabToken } from '../../../../../platform/collab-token';
import { canEditText } from '../../../../../domain/vorlage/authorization';
import { publicOrigin, vorlageRoute } from '../../../../_lib/http';
import { services } from '../../../../_lib/services';
import { loadReadableVorlage } from '../../../../_lib/vorlage-access';

const TOKEN_TTL_SECONDS = Math.min(60, MAX_TOKEN_LIFETIME_SECONDS);

export const POST = vorlageRoute(async (_request, user, id) => {
  const state = await loadReadableVorlage(user, id);
  const mode = canEditText(user, state) ? 'rw' : 'ro';
  const now = new Date();
  const claims = {
    sub: user.userId,
    name: user.displayName,
    office: user.officeId,
    role: user.role,
    doc: id,
    mode,
  } as const;
  const token = await signCollabToken(
    claims,
    services().env.COLLAB_TOKEN_SECRET,
    now,
    TOKEN_TTL_SECONDS,
  );
  return Response.json(
    {
      token,
      url: collabServerUrl(),
      mode,
      expiresAt: new Date(now.getTime() + TOKEN_TTL_SECONDS * 1000).toISOString(),
    },
    { headers: { 'cache-control': 'no-store' } },
  );
});

/**
 * The configured collab URL, or the collab port on PUBLIC_URL's host — never the request's Host
 * header, which a DNS-rebinding page controls (the token would go to its server).
 */
function collabServerUrl(): string {
  const { COLLAB_PUBLIC_URL, COLLAB_PORT } = services().env;
  if (COLLAB_PUBLIC_URL) return COLLAB_PUBLIC_URL;
  const app = new URL(publicOrigin());
  return `${app.protocol === 'https:' ? 'wss' : 'ws'}://${app.hostname}:${COLLAB_PORT}`;
}
