// Sign-out from a plain form (the header's button), answered with a redirect to the sign-in page.
import { endSession } from '../../../_lib/auth';
import { handle, seeOther } from '../../../_lib/http';

export async function POST(request: Request): Promise<Response> {
  return handle(request, async () => {
    await endSession();
    return seeOther('/anmelden');
  });
}
