import { defineRoute } from '@/lib/server/route';
import { finishSignIn } from '@/lib/server/auth/oidc';

// The provider's parameters (code, state, iss, …) are checked by openid-client, not here.
export const GET = defineRoute({ role: 'public' }, ({ request }) => finishSignIn(request));
