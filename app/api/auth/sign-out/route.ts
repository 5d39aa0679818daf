import { defineRoute } from '@/lib/server/route';
import { signOut } from '@/lib/server/auth/oidc';

// POST, so a link or an image on another site cannot sign anyone out (proxy.ts refuses cross-site writes).
export const POST = defineRoute({ role: 'public' }, ({ request }) => signOut(request));
