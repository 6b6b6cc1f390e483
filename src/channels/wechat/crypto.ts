/**
 * WeChat's message encryption for safe and compatible mode ("消息加解密"). Pure apart from random bytes.
 *
 * - AES key: base64-decode(EncodingAESKey + "=") -> 32 bytes; AES-256-CBC; IV = the key's first 16 bytes.
 * - Plain text: 16 random bytes + message length (4 bytes, big-endian) + message (UTF-8) + app id.
 * - Padding: PKCS#7 to a multiple of 32 bytes (not AES's 16), so Node's own padding is turned off.
 * - The cipher text travels base64-encoded in <Encrypt>, signed by msg_signature (see signature.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PAD_BLOCK = 32;

export class WeChatCryptoError extends Error {
  constructor(
    message: string,
    /** 'appId': decrypted fine, but for another account; 'format': not a WeChat cipher text for this key. */
    readonly reason: 'format' | 'appId'
  ) {
    super(message);
    this.name = 'WeChatCryptoError';
  }
}

/** True for a well-formed EncodingAESKey: 43 base64 characters decoding to 32 bytes. */
export function isEncodingAesKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}$/.test(value) && Buffer.from(`${value}=`, 'base64').length === 32;
}

export function pkcs7Pad(data: Buffer, block = PAD_BLOCK): Buffer {
  const amount = block - (data.length % block);
  return Buffer.concat([data, Buffer.alloc(amount, amount)]);
}

/** Removes PKCS#7 padding (blocks of up to 32 bytes); undefined when the padding is not valid. */
export function pkcs7Unpad(data: Buffer, block = PAD_BLOCK): Buffer | undefined {
  if (data.length === 0) return undefined;
  const amount = data[data.length - 1]!;
  if (amount < 1 || amount > block || amount > data.length) return undefined;
  for (let i = data.length - amount; i < data.length; i++) if (data[i] !== amount) return undefined;
  return data.subarray(0, data.length - amount);
}

export class WeChatCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    encodingAesKey: string,
    private readonly appId: string,
    private readonly random: (size: number) => Buffer = randomBytes
  ) {
    if (!isEncodingAesKey(encodingAesKey))
      throw new Error('EncodingAESKey must be 43 base64 characters (32 bytes once decoded)');
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    this.iv = this.key.subarray(0, 16);
  }

  encrypt(message: string): string {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    const plain = pkcs7Pad(Buffer.concat([this.random(16), length, body, Buffer.from(this.appId, 'utf8')]));
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  /** The message inside `encrypted`; throws WeChatCryptoError when it is malformed or for another app id. */
  decrypt(encrypted: string): string {
    const data = Buffer.from(encrypted, 'base64');
    // Base64 that does not round-trip (stray characters) or a length AES cannot have is not ours.
    if (
      data.length === 0 ||
      data.length % 16 !== 0 ||
      data.toString('base64') !== encrypted.replace(/\s+/g, '')
    )
      throw new WeChatCryptoError('Encrypt is not base64 AES cipher text', 'format');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch {
      throw new WeChatCryptoError('Encrypt cannot be decrypted with this EncodingAESKey', 'format');
    }
    const unpadded = pkcs7Unpad(plain);
    if (!unpadded || unpadded.length < 20)
      throw new WeChatCryptoError('Encrypt has invalid padding (wrong EncodingAESKey?)', 'format');
    const length = unpadded.readUInt32BE(16);
    if (20 + length > unpadded.length)
      throw new WeChatCryptoError('Encrypt has an invalid message length', 'format');
    const appId = unpadded.subarray(20 + length).toString('utf8');
    if (appId !== this.appId) throw new WeChatCryptoError('Encrypt is for another app id', 'appId');
    return unpadded.subarray(20, 20 + length).toString('utf8');
  }
}
