import CaliperMockServer
import Testing

struct MockBehaviorTests {
    @Test func defaultsAreTheDocumentedMock() {
        let behavior = MockBehavior()
        #expect(behavior.ttft == 0.050 && behavior.interTokenDelay == 0.005 && behavior.failEvery == nil)
    }
}
