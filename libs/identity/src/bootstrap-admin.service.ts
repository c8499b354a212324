import { Injectable, Logger } from '@nestjs/common';
import { AuditAction, AuditService, SYSTEM } from '@tandem/audit';
import { Role } from '@tandem/authz';
import { AppConfig, BadInputError, ConflictError, isUniqueViolation, Transactions } from '@tandem/platform';
import { accountEmailProblem, normalizeAccountEmail } from './account-email';
import { PasswordHasher } from './password.hasher';
import { UserRepository } from './user.repository';

/**
 * Creates system administrators outside the API: the first one at start-up, others from the CLI.
 * Their passwords come from the operator's configuration or terminal, so they are temporary: the
 * administrator chooses their own at the first sign-in.
 */
@Injectable()
export class BootstrapAdminService {
  private readonly logger = new Logger(BootstrapAdminService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  /** Creates the bootstrap administrator from configuration when no system administrator exists yet. */
  async ensureBootstrapAdmin(): Promise<'created' | 'exists' | 'not-configured'> {
    const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = this.config.values;
    if (!email || !password) return 'not-configured';
    // Every API start comes here: skip the password hash when an administrator exists already.
    if (await this.users.existsWithRole(this.transactions.manager, Role.SYSTEM_ADMIN)) return 'exists';
    const passwordHash = await this.passwords.hash(password);
    const created = await this.transactions.run(async (tx) => {
      // One process creates it even when several start together.
      await this.users.lockAdminBootstrap(tx);
      if (await this.users.existsWithRole(tx, Role.SYSTEM_ADMIN)) return false;
      if (await this.users.findByEmailWithSecret(tx, email)) return false;
      const user = await this.users.insert(tx, {
        email: normalizeAccountEmail(email),
        displayName: 'System administrator',
        agencyId: null,
        role: Role.SYSTEM_ADMIN,
        passwordHash,
        temporary: true,
      });
      await this.audit.record(tx, { actor: SYSTEM, action: AuditAction.ADMIN_BOOTSTRAP, subjectType: 'User', subjectId: user.id });
      return true;
    });
    if (created) this.logger.log('bootstrap system administrator created');
    return created ? 'created' : 'exists';
  }

  /** `npm run cli -- admin:create`: a further system administrator. */
  async createSystemAdmin(input: { email: string; displayName: string; password: string }): Promise<string> {
    const problem = accountEmailProblem(input.email.trim());
    if (problem) throw BadInputError.field('email', problem);
    const passwordHash = await this.passwords.hash(input.password);
    return this.transactions.run(async (tx) => {
      try {
        const user = await this.users.insert(tx, {
          email: normalizeAccountEmail(input.email),
          displayName: input.displayName,
          agencyId: null,
          role: Role.SYSTEM_ADMIN,
          passwordHash,
          temporary: true,
        });
        await this.audit.record(tx, { actor: SYSTEM, action: AuditAction.ADMIN_BOOTSTRAP, subjectType: 'User', subjectId: user.id, details: { via: 'cli' } });
        return user.id;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('A user with this email already exists');
        throw error;
      }
    });
  }
}
