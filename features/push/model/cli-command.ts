/*
 * The `aliyun` CLI equivalent of a push, for people who script releases. The CLI
 * takes the same JSON strings ENS receives, so the command is built from the
 * preview's exact `Data` and `PushStrategy` text.
 */

/** POSIX single-quoting: safe for any text, including quotes inside the JSON. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function buildCliCommand(appId: string, dataJson: string, pushStrategyJson: string | undefined): string {
  const parts = ['aliyun ens PushApplicationData', `--AppId ${shellQuote(appId)}`, `--Data ${shellQuote(dataJson)}`];
  if (pushStrategyJson !== undefined) parts.push(`--PushStrategy ${shellQuote(pushStrategyJson)}`);
  return parts.join(' \\\n  ');
}
