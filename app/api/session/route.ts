// Sign-in (POST) and sign-out (DELETE) with local accounts. A form post answers with a redirect,
// so the sign-in page works without JavaScript; a JSON post answers with the user.
import { authenticate, endSession, publicUser, startSession } from '../../_lib/auth';
import { handle, HttpError, parseInput, readJson, seeOther } from '../../_lib/http';
import { SignInSchema } from './schemas';

export async function POST(request: Request): Promise<Response> {
  return handle(request, async () => {
    if (isFormPost(request)) return signInFromForm(request);
    const { login, password } = parseInput(SignInSchema, await readJson(request));
    const user = await authenticate(login, password);
    if (!user) throw new HttpError('invalid_credentials');
    await startSession(user);
    return Response.json({ user: publicUser(user) });
  });
}

export async function DELETE(request: Request): Promise<Response> {
  return handle(request, async () => {
    await endSession();
    return new Response(null, { status: 204 });
  });
}

async function signInFromForm(request: Request): Promise<Response> {
  const credentials = SignInSchema.safeParse(Object.fromEntries(await request.formData()));
  const user = credentials.success
    ? await authenticate(credentials.data.login, credentials.data.password)
    : undefined;
  if (!user) return seeOther('/anmelden?fehler=1');
  await startSession(user);
  return seeOther('/vorlagen');
}

function isFormPost(request: Request): boolean {
  const type = request.headers.get('content-type') ?? '';
  return type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data');
}
