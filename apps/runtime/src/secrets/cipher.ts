/** AES-256-GCM encryption of secret values at rest: `enc:v1:<iv>:<tag>:<ciphertext>` (base64url parts). */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const ENC_PREFIX = 'enc:v1:';
export const ENV_PREFIX = 'env:';

export interface SecretCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/**
 * A cipher keyed from any secret string (its sha256 is the 256-bit key).
 * @example const c = createCipher(key); c.decrypt(c.encrypt('s3cret')) === 's3cret'
 */
export function createCipher(secretKey: string): SecretCipher {
  const key = createHash('sha256').update(`idflow:v1:${secretKey}`).digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${ENC_PREFIX}${iv.toString('base64url')}:${tag.toString('base64url')}:${ct.toString('base64url')}`;
    },
    decrypt(stored) {
      if (!stored.startsWith(ENC_PREFIX)) throw new Error('not an encrypted value');
      const [iv, tag, ct] = stored.slice(ENC_PREFIX.length).split(':');
      if (iv === undefined || tag === undefined || ct === undefined)
        throw new Error('malformed encrypted value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new Error(
          'a stored secret cannot be decrypted: IDFLOW_SECRET_KEY differs from the key it was saved with. Restore the key or save the secret again.',
        );
      }
    },
  };
}
