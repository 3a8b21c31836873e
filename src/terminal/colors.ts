import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

// Whether text for this stream may carry colours: a terminal, and no NO_COLOR (https://no-color.org).
export function colorsEnabled(stream: NodeJS.WriteStream = process.stdout, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

// A painter that colours text only when colours are enabled.
export function painter(enabled: boolean) {
  const paint = (style: Style) => (text: string) => (enabled ? styleText(style, text) : text);
  return {
    green: paint('green'),
    red: paint('red'),
    yellow: paint('yellow'),
    cyan: paint('cyan'),
    dim: paint('dim'),
    bold: paint('bold'),
  };
}

export type Painter = ReturnType<typeof painter>;
