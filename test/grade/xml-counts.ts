// Just enough XML reading for the JUnit tests: counts elements and reads attributes, checking that
// every element that opens also closes, so a malformed report fails the test.

const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };
const decode = (text: string) => text.replace(/&(lt|gt|amp|quot|apos);/g, (entity) => entities[entity]!);

// How many <name ...> elements the document holds (after checking it is well nested).
export function countElements(xml: string, name: string): number {
  checkNesting(xml);
  return [...xml.matchAll(new RegExp(`<${name}(?=[\\s/>])`, 'g'))].length;
}

// The attributes of every <name ...> element, decoded.
export function parseAttributes(xml: string, name: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${name}((?:\\s+[\\w:-]+="[^"]*")*)\\s*/?>`, 'g'))].map((match) =>
    Object.fromEntries([...match[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((attribute) => [attribute[1]!, decode(attribute[2]!)])),
  );
}

function checkNesting(xml: string): void {
  const body = xml.replace(/<\?xml[^>]*\?>/, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const open: string[] = [];
  for (const tag of body.matchAll(/<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = tag;
    if (selfClosing) continue;
    if (!closing) open.push(name!);
    else if (open.pop() !== name) throw new Error(`malformed XML: </${name}> closes nothing open`);
  }
  if (open.length > 0) throw new Error(`malformed XML: <${open.join('>, <')}> never closed`);
  if (/<(?![\/?!\w])/.test(body.replace(/<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g, ''))) throw new Error('malformed XML: a stray "<"');
}
