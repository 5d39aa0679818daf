/*
 * Where a JSON text first breaks the grammar. JSON.parse's messages differ by engine and
 * version and often carry no position at all ("Unexpected token" on Node 20 and in
 * Chromium), so this small strict scanner locates the error itself. Browser-safe: the
 * push form and parseDataJson share it.
 */

/**
 * Offset of the first JSON syntax error, `text.length` when the text ends too early, or
 * undefined when the text is valid JSON.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const scalar = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  const fail = (): never => {
    throw new SyntaxError(String(i));
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const ch = text.charAt(i);
      if (ch === '"') return void i++;
      if (ch < ' ') fail();
      if (ch === '\\') {
        i++;
        const esc = text.charAt(i);
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (esc === '' || !'"\\/bfnrt'.includes(esc)) fail();
      }
      i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const open = text[i];
    if (open === '{' || open === '[') {
      const close = open === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (open === '{') {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (open === '"') return string();
    // A number or true/false/null; a bad one fails where it starts.
    scalar.lastIndex = i;
    const m = scalar.exec(text);
    if (!m) fail();
    else i += m[0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch {
    // Our own failures, or a stack overflow on absurd nesting: either way, where we stopped.
    return Math.min(i, text.length);
  }
}

/** The 1-based line of the first JSON syntax error, or undefined when the text is valid JSON. */
export function jsonErrorLine(text: string): number | undefined {
  const offset = jsonErrorOffset(text);
  return offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
}
