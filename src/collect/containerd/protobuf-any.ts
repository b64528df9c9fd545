/**
 * google.protobuf.Any as containerd stores it (a container's spec and runtime options, CRI
 * extensions), decoded with protobufjs: the type URL, and the value parsed as JSON when it is the
 * OCI runtime spec or a typeurl JSON registration (containerd marshals those as JSON).
 */
import protobuf from 'protobufjs';
import { parseHostJson } from '../../util/json-depth.js';

const ANY = new protobuf.Type('Any').add(new protobuf.Field('type_url', 1, 'string')).add(new protobuf.Field('value', 2, 'bytes'));

export interface DecodedAny {
  readonly typeUrl: string;
  readonly value: Buffer;
  /** The value parsed as JSON, when it is JSON; undefined otherwise (a protobuf message). */
  readonly json: unknown;
  /** True when the JSON was cut at the depth limit. */
  readonly deep: boolean;
}

/** The Any in `bytes`; undefined when they are not one. */
export function decodeAny(bytes: Buffer): DecodedAny | undefined {
  let message: { type_url?: string; value?: Uint8Array };
  try {
    message = ANY.toObject(ANY.decode(bytes), { defaults: true }) as { type_url?: string; value?: Uint8Array };
  } catch {
    return undefined;
  }
  const value = Buffer.from(message.value ?? []);
  const typeUrl = message.type_url ?? '';
  if (value[0] !== 0x7b) return { typeUrl, value, json: undefined, deep: false };
  try {
    const parsed = parseHostJson(value.toString('utf8'));
    return { typeUrl, value, json: parsed.value, deep: parsed.deep };
  } catch {
    return { typeUrl, value, json: undefined, deep: false };
  }
}
