package io.tessera.task.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class CachingJwtParserTest {
    @Inject
    JWTParser parser;

    @Test
    void theServiceVerifiesATokenOnceAndServesTheSameTokenFromTheCache() throws ParseException {
        assertThat(parser).as("the bearer-token verifier in use").isInstanceOf(CachingJwtParser.class);
        String token = TestJwt.worker(UUID.randomUUID());
        assertThat(parser.parse(token)).isSameAs(parser.parse(token));
    }

    @Test
    void badTokensAreStillRefusedEveryTime() throws ParseException {
        UUID worker = UUID.randomUUID();
        String good = TestJwt.worker(worker);
        parser.parse(good);
        String tampered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> parser.parse(tampered)).isInstanceOf(ParseException.class);
            assertThatThrownBy(() -> parser.parse(TestJwt.expired(worker, Set.of("worker"))))
                    .isInstanceOf(ParseException.class);
            assertThatThrownBy(() -> parser.parse(TestJwt.foreignKey(worker, Set.of("worker"))))
                    .isInstanceOf(ParseException.class);
        }
    }
}
