/**
 * What a migration that moves personal data between plaintext and sealed columns needs: the
 * application's cipher (PiiCipher fits), handed over by `runMigrations`. Platform knows no keys.
 */
export interface MigrationSealer {
  encrypt(plaintext: string, context: string): string;
  decrypt(sealed: string, context: string): string;
}
