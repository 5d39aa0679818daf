import 'server-only';
import { getConfig, listSetting } from '@/lib/config';
import type { InputIssue } from '@/lib/ens/issues';

/**
 * What a deployment lets anyone install on its fleet, whatever their role: no file
 * unpacked over `/` or a system directory, no set-uid, set-gid or world-writable
 * modes (PUSH_DENIED_PATHS, PUSH_ALLOWED_PATHS, PUSH_FORBIDDEN_MODE_BITS). Each
 * refusal names the rule, at the field's path.
 */
interface Target {
  destPath?: string | undefined;
  fileMode?: string | number | undefined;
}

export function pushPolicyIssues(body: { data?: readonly Target[]; distribute?: Target | undefined }): InputIssue[] {
  const issues: InputIssue[] = [];
  body.data?.forEach((item, i) => check(item, ['data', i], issues));
  if (body.distribute) check(body.distribute, ['distribute'], issues);
  return issues;
}

function check(target: Target, at: (string | number)[], issues: InputIssue[]): void {
  const config = getConfig();
  if (target.destPath !== undefined) {
    const path = normalize(target.destPath);
    const denied = listSetting(config.PUSH_DENIED_PATHS)
      .map(normalize)
      .find((d) => (d === '/' ? path === '/' : path === d || path.startsWith(`${d}/`)));
    if (denied) {
      issues.push({
        path: [...at, 'destPath'],
        message: `destPath ${path} is refused by the push policy: ${denied === '/' ? 'the root directory' : `system directory ${denied}`} (PUSH_DENIED_PATHS)`,
      });
    }
    const allowed = listSetting(config.PUSH_ALLOWED_PATHS).map(normalize);
    if (allowed.length > 0 && !allowed.some((a) => path === a || path.startsWith(a === '/' ? '/' : `${a}/`))) {
      issues.push({
        path: [...at, 'destPath'],
        message: `destPath ${path} is outside the push policy's allowed directories ${allowed.join(', ')} (PUSH_ALLOWED_PATHS)`,
      });
    }
  }
  if (target.fileMode !== undefined && /^[0-7]{1,4}$/.test(String(target.fileMode))) {
    const mode = parseInt(String(target.fileMode), 8);
    const forbidden = mode & parseInt(config.PUSH_FORBIDDEN_MODE_BITS, 8);
    if (forbidden !== 0) {
      const names = [
        forbidden & 0o4000 && 'set-uid',
        forbidden & 0o2000 && 'set-gid',
        forbidden & 0o1000 && 'sticky',
        forbidden & 0o0002 && 'world-writable',
      ]
        .filter(Boolean)
        .join(', ');
      issues.push({
        path: [...at, 'fileMode'],
        message: `fileMode ${String(target.fileMode)} is refused by the push policy: ${names || `bits ${forbidden.toString(8)}`} (PUSH_FORBIDDEN_MODE_BITS=${config.PUSH_FORBIDDEN_MODE_BITS})`,
      });
    }
  }
}

/** Collapses repeated and trailing slashes, so /etc//x and /etc/ are caught as /etc. */
function normalize(path: string): string {
  const collapsed = path.trim().replace(/\/+/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}
