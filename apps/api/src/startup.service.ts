import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BootstrapAdminService } from '@tandem/identity';

/** Work the API does once at start: the first system administrator, when there is none. */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  constructor(private readonly bootstrap: BootstrapAdminService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bootstrap.ensureBootstrapAdmin();
  }
}
