// Sign-in (POST) and sign-out (DELETE) with local accounts. A form post answers with a redirect,
// so the sign-in page works without JavaScript; a JSON post answers with the user.
import { homePathFor } from '../../_components/navigation';
import { authenticate, endSession, publicUser, startSession } from '../../_lib/auth';
import {
  errorResponse,
  handle,
  HttpError,
  parseInput,
  readForm,
  readJson,
  seeOther,
} from '../../_lib/http';
import { clientAddress } from '../../_lib/rate-limits';
import { safeReturnPath } from '../../_lib/return-path';
import { services } from '../../_lib/services';
import { SignInSchema } from './schemas';

/** A login and a password: anything larger is not a sign-in. */
const SIGN_IN_MAX_BYTES = 8 * 1024;

export async function POST(request: Request): Promise<Response> {
  return handle(request, async () => {
    if (isFormPost(request)) return signInFromForm(request);
    const { login, password } = parseInput(
      SignInSchema,
      await readJson(request, SIGN_IN_MAX_BYTES),
    );
    const result = await authenticate(login, password, clientOf(request));
    if (result.outcome === 'throttled') {
      const response = errorResponse('too_many_attempts');
      response.headers.set('retry-after', String(result.retryAfterSeconds));
      return response;
    }
    if (result.outcome === 'refused') throw new HttpError('invalid_credentials');
    await startSession(result.user);
    return Response.json({ user: publicUser(result.user) });
  });
}

export async function DELETE(request: Request): Promise<Response> {
  return handle(request, async () => {
    await endSession();
    return new Response(null, { status: 204 });
  });
}

async function signInFromForm(request: Request): Promise<Response> {
  const { weiter, ...fields } = Object.fromEntries(await readForm(request, SIGN_IN_MAX_BYTES));
  // Back to the page that asked for the sign-in, also after a failed attempt.
  const returnTo = safeReturnPath(weiter);
  const retry = (fehler: string) =>
    seeOther(
      `/anmelden?fehler=${fehler}${returnTo ? `&weiter=${encodeURIComponent(returnTo)}` : ''}`,
    );
  const credentials = SignInSchema.safeParse(fields);
  if (!credentials.success) return retry('1');
  const result = await authenticate(
    credentials.data.login,
    credentials.data.password,
    clientOf(request),
  );
  if (result.outcome === 'throttled') return retry('gesperrt');
  if (result.outcome === 'refused') return retry('1');
  await startSession(result.user);
  return seeOther(returnTo ?? homePathFor(result.user.role));
}

function clientOf(request: Request): string {
  return clientAddress(request, services().env.TRUST_PROXY_HOPS);
}

function isFormPost(request: Request): boolean {
  const type = request.headers.get('content-type') ?? '';
  return type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data');
}
