import { describe } from 'vitest';
import { describeWithDatabase } from '../../../test/support/services.ts';
import { storeContract } from './storeContract.ts';
import { postgres, SQLITE } from './testDatabases.ts';

describe('the service-center store on the embedded SQLite', () => storeContract(SQLITE));

describeWithDatabase('the service-center store on PostgreSQL', (url) => storeContract(postgres(url)));
