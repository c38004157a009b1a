import { describe, expect, it } from 'vitest';
import { UnsafeXmlError, parseUntrustedXml } from './safe-xml.js';

function kind(input: string | Uint8Array, limits = {}): string | undefined {
  try {
    parseUntrustedXml(input, limits);
  } catch (error) {
    if (error instanceof UnsafeXmlError) return error.kind;
    throw error;
  }
  return undefined;
}

describe('parseUntrustedXml', () => {
  it('parses ordinary documents, with a BOM, comments, CDATA and quoted ">"', () => {
    const doc = parseUntrustedXml('\ufeff<?xml version="1.0"?><!-- c --><a x="1>2"><![CDATA[<b>]]></a>');
    expect(doc.documentElement!.getAttribute('x')).toBe('1>2');
    expect(doc.documentElement!.textContent).toBe('<b>');
    expect(kind(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c, 0x61, 0x2f, 0x3e]))).toBeUndefined();
  });

  it('refuses DOCTYPE in every form (no DTD, no entities, no external references)', () => {
    expect(kind('<!DOCTYPE a SYSTEM "http://x.invalid/a.dtd"><a/>')).toBe('doctype');
    expect(kind('<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>')).toBe('doctype');
    expect(kind('<a><!ENTITY e "x"></a>')).toBe('doctype');
  });

  it('refuses undeclared entities and malformed XML', () => {
    expect(kind('<a>&nbsp;</a>')).toBe('malformed');
    expect(kind('<a><b></a>')).toBe('malformed');
    expect(kind('')).toBe('malformed');
    expect(kind('<a></a><b></b>')).toBe('malformed');
  });

  it('bounds size, depth and element count', () => {
    expect(kind('<a></a>', { maxBytes: 3 })).toBe('too_large');
    expect(kind(`${'<a>'.repeat(200)}${'</a>'.repeat(200)}`)).toBe('too_deep');
    expect(kind(`<r>${'<a/>'.repeat(2000)}</r>`, { maxElements: 1000 })).toBe('too_many_elements');
    expect(kind(`<r>${'<a/>'.repeat(2000)}</r>`)).toBeUndefined();
  });

  it('requires UTF-8', () => {
    expect(kind(new Uint8Array([0x3c, 0x61, 0x3e, 0xe9, 0x3c, 0x2f, 0x61, 0x3e]))).toBe('encoding');
    expect(kind(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))).toBe('encoding');
  });
});
